import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileTemplate, TemplateError } from './index.js';

const network = {
  Name: 'pouchnet',
  Id: '8f3c0e6d4b2a19f7c5e3d1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0',
  Scope: 'local',
  Driver: 'bridge',
  EnableIPv6: false,
  Internal: false,
  IPAM: {
    Driver: 'default',
    Options: null,
    Config: [
      { Subnet: '192.168.1.0/24', Gateway: '192.168.1.1' },
      { Subnet: 'fd00:1::/64', Gateway: 'fd00:1::1', AuxiliaryAddresses: { host: 'fd00:1::9' } },
    ],
  },
  Options: { 'com.docker.network.bridge.name': 'br-pouch', mtu: '1500' },
  Labels: { Env: 'prod', team: 'net' },
  Containers: {},
  Dns: ['8.8.8.8', '1.1.1.1'],
};

function render(source: string, data: unknown = network): string {
  return compileTemplate(source).render(data);
}

function templateError(source: string, data: unknown = network): string {
  try {
    render(source, data);
  } catch (err) {
    assert.ok(err instanceof TemplateError, `expected TemplateError, got ${String(err)}`);
    return err.message;
  }
  assert.fail(`expected ${source} to fail`);
}

describe('field access', () => {
  test('template reads a top-level field', () => {
    assert.equal(render('{{.Name}}'), 'pouchnet');
  });

  test('template resolves both .Id and .ID to the Id key', () => {
    assert.equal(render('{{.Id}}|{{.ID}}'), `${network.Id}|${network.Id}`);
  });

  test('template maps Go names to JSON keys case-insensitively (.DNS → Dns)', () => {
    assert.equal(render('{{.DNS}}'), '[8.8.8.8 1.1.1.1]');
  });

  test('template maps Go AuxAddress to JSON AuxiliaryAddresses', () => {
    assert.equal(render('{{(index .IPAM.Config 1).AuxAddress}}'), 'map[host:fd00:1::9]');
  });

  test('template follows a field chain', () => {
    assert.equal(render('{{.IPAM.Driver}}'), 'default');
  });

  test('template prints <no value> for a missing key', () => {
    assert.equal(render('{{.Nope}}'), '<no value>');
    assert.equal(render('{{.Nope.Deeper}}'), '<no value>');
  });

  test('template prefers an exact key over a case-insensitive one', () => {
    assert.equal(render('{{.a}} {{.A}}', { a: 'lower', A: 'upper' }), 'lower upper');
  });

  test('template reads a field of a variable', () => {
    assert.equal(render('{{$n := .IPAM}}{{$n.Driver}}'), 'default');
  });

  test('template reads a field of a parenthesized pipeline', () => {
    assert.equal(render('{{(index .IPAM.Config 0).Subnet}}'), '192.168.1.0/24');
  });

  test('template renders the dot itself', () => {
    assert.equal(render('{{.}}', 'plain'), 'plain');
  });
});

describe('Go value printing', () => {
  test('template prints a slice as [a b]', () => {
    assert.equal(render('{{.X}}', { X: ['a', 'b'] }), '[a b]');
  });

  test('template prints an empty slice as []', () => {
    assert.equal(render('{{.X}}', { X: [] }), '[]');
  });

  test('template prints a map as map[k:v] with sorted keys', () => {
    assert.equal(render('{{.Options}}'), 'map[com.docker.network.bridge.name:br-pouch mtu:1500]');
  });

  test('template prints a known map field as a map even with capitalized keys', () => {
    assert.equal(render('{{.Labels}}'), 'map[Env:prod team:net]');
  });

  test('template prints an empty map as map[]', () => {
    assert.equal(render('{{.Containers}}'), 'map[]');
  });

  test('template prints a struct as {v1 v2} in field order', () => {
    assert.equal(render('{{index .IPAM.Config 0}}'), '{192.168.1.0/24 192.168.1.1}');
  });

  test('template prints nested structs, maps and slices', () => {
    assert.equal(
      render('{{.IPAM}}'),
      '{default map[] [{192.168.1.0/24 192.168.1.1} {fd00:1::/64 fd00:1::1 map[host:fd00:1::9]}]}',
    );
  });

  test('template prints null as <nil>', () => {
    assert.equal(render('{{.Z}}', { Z: null }), '<nil>');
  });

  test('template prints a null map field as map[] like a nil Go map', () => {
    assert.equal(render('{{.IPAM.Options}} {{len .IPAM.Options}}'), 'map[] 0');
  });

  test('template prints booleans as true/false', () => {
    assert.equal(render('{{.EnableIPv6}} {{not .EnableIPv6}}'), 'false true');
  });

  test('template prints integers in full and floats like Go', () => {
    const data = { A: 1000000, B: 1.5, C: 1234567.5, D: 0.00001, E: -3 };
    assert.equal(
      render('{{.A}} {{.B}} {{.C}} {{.D}} {{.E}}', data),
      '1000000 1.5 1.2345675e+06 1e-05 -3',
    );
  });
});

describe('functions', () => {
  test('json prints compact JSON with sorted map keys', () => {
    assert.equal(render('{{json .Labels}}'), '{"Env":"prod","team":"net"}');
  });

  test('json keeps struct field order and prints null for nil', () => {
    assert.equal(
      render('{{json (index .IPAM.Config 0)}} {{json .IPAM.Options}}'),
      '{"Subnet":"192.168.1.0/24","Gateway":"192.168.1.1"} null',
    );
  });

  test('json does not escape HTML characters, as docker disables it', () => {
    assert.equal(render('{{json .}}', { A: '<a&b>' }), '{"A":"<a&b>"}');
  });

  test('index reads a map key and a slice element', () => {
    assert.equal(render('{{index .Labels "team"}} {{index .Dns 1}}'), 'net 1.1.1.1');
  });

  test('index of a missing key in a string map is empty', () => {
    assert.equal(render('[{{index .Labels "missing"}}]'), '[]');
  });

  test('index out of range is an execution error', () => {
    assert.match(templateError('{{index .Dns 5}}'), /error calling index: index out of range: 5$/);
  });

  test('len counts slices, maps and string bytes', () => {
    assert.equal(render('{{len .Dns}} {{len .Labels}} {{len .Name}} {{len "é"}}'), '2 2 8 2');
  });

  test('printf formats with Go verbs', () => {
    assert.equal(
      render('{{printf "%s/%d %5s|%-5s|%05.1f %q %t %x" .Name 7 "r" "l" 3.14159 "q" true 255}}'),
      'pouchnet/7     r|l    |003.1 "q" true ff',
    );
  });

  test('printf %v prints Go values', () => {
    assert.equal(render('{{printf "%v" .Dns}}'), '[8.8.8.8 1.1.1.1]');
  });

  test('printf reports bad verbs, missing and extra arguments like Go', () => {
    assert.equal(render('{{printf "%d|%s" "x"}}'), '%!d(string=x)|%!s(MISSING)');
    assert.equal(render('{{printf "%s" "a" 2}}'), 'a%!(EXTRA int=2)');
  });

  test('upper and lower change case', () => {
    assert.equal(render('{{upper .Name}} {{lower "ABC"}}'), 'POUCHNET abc');
  });

  test('join joins a slice and split splits a string', () => {
    assert.equal(render('{{join .Dns ","}} {{len (split "a:b:c" ":")}}'), '8.8.8.8,1.1.1.1 3');
  });

  test('title, pad and truncate behave like docker', () => {
    assert.equal(
      render('{{title "hello world"}}|{{pad "x" 1 2}}|{{truncate .Name 5}}'),
      'Hello World| x  |pouch',
    );
  });

  test('println ends with a newline and separates operands', () => {
    assert.equal(render('{{println .Name 1}}'), 'pouchnet 1\n');
  });

  test('print adds spaces only between non-string operands', () => {
    assert.equal(render('{{print "a" "b" 1 2}}'), 'ab1 2');
  });

  test('eq compares against several values', () => {
    assert.equal(render('{{eq .Driver "host" "bridge"}} {{ne .Scope "local"}}'), 'true false');
  });

  test('lt, le, gt and ge compare numbers and strings', () => {
    assert.equal(render('{{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}'), 'true true true false');
  });

  test('eq on incompatible types is an execution error', () => {
    assert.match(templateError('{{eq .Name 1}}'), /incompatible types for comparison/);
  });

  test('and and or return the deciding operand', () => {
    assert.equal(render('{{and .Name .Internal}} {{or .Internal .Driver}}'), 'false bridge');
  });

  test('a function can end a pipeline', () => {
    assert.equal(render('{{.Name | upper}} {{"b" | printf "%s%s" "a"}}'), 'POUCHNET ab');
  });

  test('a wrong argument count is reported without "error calling"', () => {
    assert.match(templateError('{{len .Dns .Dns}}'), /wrong number of args for len: want 1 got 2$/);
  });
});

describe('control structures', () => {
  test('range iterates a slice with dot set to each element', () => {
    assert.equal(
      render('{{range .IPAM.Config}}{{.Subnet}};{{end}}'),
      '192.168.1.0/24;fd00:1::/64;',
    );
  });

  test('range binds $k, $v over a map in sorted key order', () => {
    assert.equal(render('{{range $k, $v := .Labels}}{{$k}}={{$v}},{{end}}'), 'Env=prod,team=net,');
  });

  test('range binds $i, $e over a slice', () => {
    assert.equal(
      render('{{range $i, $e := .Dns}}{{if $i}}, {{end}}{{$e}}{{end}}'),
      '8.8.8.8, 1.1.1.1',
    );
  });

  test('range runs its else branch for an empty or null collection', () => {
    assert.equal(render('{{range .Containers}}x{{else}}none{{end}}'), 'none');
    assert.equal(render('{{range .IPAM.Options}}x{{else}}none{{end}}'), 'none');
  });

  test('range supports break and continue', () => {
    assert.equal(
      render(
        '{{range .X}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}',
        { X: [1, 2, 3, 4, 5] },
      ),
      '13',
    );
  });

  test('range can read $ (the root) inside the loop', () => {
    assert.equal(
      render('{{range .Dns}}{{$.Name}}:{{.}} {{end}}'),
      'pouchnet:8.8.8.8 pouchnet:1.1.1.1 ',
    );
  });

  test('if chooses its else branch for false', () => {
    assert.equal(render('{{if .Internal}}internal{{else}}external{{end}}'), 'external');
  });

  test('if treats empty strings, zero, empty maps and null as false', () => {
    const data = { S: '', N: 0, M: {}, Z: null, T: 'x' };
    assert.equal(
      render(
        '{{if .S}}1{{end}}{{if .N}}2{{end}}{{if .M}}3{{end}}{{if .Z}}4{{end}}{{if .T}}5{{end}}',
        data,
      ),
      '5',
    );
  });

  test('else if chains are supported', () => {
    assert.equal(
      render('{{if eq .Driver "host"}}h{{else if eq .Driver "bridge"}}b{{else}}o{{end}}'),
      'b',
    );
  });

  test('with sets dot and skips on empty values', () => {
    assert.equal(
      render('{{with .IPAM}}{{.Driver}}{{end}}{{with .Nope}}x{{else}}y{{end}}'),
      'defaulty',
    );
  });

  test('variables can be declared and reassigned', () => {
    assert.equal(render('{{$x := 1}}{{$x}}{{$x = 2}}{{$x}}'), '12');
  });

  test('variables declared inside a block go out of scope at its end', () => {
    assert.match(templateError('{{if true}}{{$y := 1}}{{end}}{{$y}}'), /undefined variable "\$y"/);
  });
});

describe('lexing details', () => {
  test('trim markers remove surrounding whitespace', () => {
    assert.equal(render('a  \n {{- .Name -}} \n  b'), 'apouchnetb');
  });

  test('a minus without a space is a negative number, not a trim marker', () => {
    assert.equal(render('x {{-3}}'), 'x -3');
  });

  test('comments produce nothing and may trim', () => {
    assert.equal(render('a {{/* note */}} b {{- /* trimmed */ -}} c'), 'a  bc');
  });

  test('string literals support escapes and raw strings', () => {
    assert.equal(render('{{"a\\tb\\x41"}}|{{`r\\n`}}'), 'a\tbA|r\\n');
  });

  test('number literals support hex, octal and character constants', () => {
    assert.equal(render("{{0x1F}} {{0o17}} {{1_000}} {{'a'}}"), '31 15 1000 97');
  });

  test('text without actions is copied verbatim', () => {
    assert.equal(render('plain text } {'), 'plain text } {');
  });
});

describe('errors', () => {
  test('an unclosed action is a parse error prefixed with template:', () => {
    assert.equal(templateError('{{.Name'), 'template: :1: unclosed action');
  });

  test('an unknown function is a parse error', () => {
    assert.equal(templateError('{{nope .Name}}'), 'template: :1: function "nope" not defined');
  });

  test('a stray end is a parse error', () => {
    assert.equal(templateError('{{end}}'), 'template: :1: unexpected {{end}}');
  });

  test('an unterminated if is a parse error', () => {
    assert.equal(templateError('{{if .Name}}x'), 'template: :1: unexpected EOF');
  });

  test('an empty action is a parse error', () => {
    assert.equal(templateError('{{}}'), 'template: :1: missing value for command');
  });

  test('break outside range is a parse error', () => {
    assert.match(templateError('{{break}}'), /{{break}} outside {{range}}/);
  });

  test('parse errors report the line', () => {
    assert.equal(templateError('line1\n{{.A'), 'template: :2: unclosed action');
  });

  test('define and template are reported as unsupported', () => {
    assert.match(templateError('{{define "x"}}{{end}}'), /{{define}} is not supported/);
  });

  test('a field of a string is an execution error naming the command', () => {
    assert.equal(
      templateError('{{.Name.X}}'),
      'template: :1:3: executing "" at <.Name.X>: can\'t evaluate field X in type string',
    );
  });

  test('a field of null is an execution error', () => {
    assert.match(
      templateError('{{.Z.X}}', { Z: null }),
      /nil pointer evaluating interface \{\}\.X/,
    );
  });

  test('a literal cannot follow a pipe', () => {
    assert.match(templateError('{{.Name | "x"}}'), /non executable command in pipeline stage 2/);
  });

  test('ranging over a string is an execution error', () => {
    assert.match(templateError('{{range .Name}}{{end}}'), /range can't iterate over pouchnet/);
  });
});

test('compileTemplate() renders many items with one compiled template', () => {
  const template = compileTemplate('{{.Name}}');
  assert.deepEqual(
    [{ Name: 'a' }, { Name: 'b' }].map((d) => template.render(d)),
    ['a', 'b'],
  );
});
