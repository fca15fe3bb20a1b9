// Parses and validates an AsyncAPI document with @asyncapi/parser, the official parser: the document and every $ref it
// makes (the JSON Schemas under schemas/) must resolve, and the spec's rules must hold. Errors fail; warnings are printed.
// Usage: node validate.mjs PATH
import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';

const path = process.argv[2];
if (!path) {
  console.error('usage: node validate.mjs PATH');
  process.exit(2);
}
const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, path).parse();
const names = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' };
for (const diagnostic of diagnostics) {
  if (diagnostic.severity <= DiagnosticSeverity.Warning) {
    console.log(`asyncapi: ${names[diagnostic.severity]} at /${diagnostic.path.join('/')}: ${diagnostic.message} (${diagnostic.code})`);
  }
}
const errors = diagnostics.filter(diagnostic => diagnostic.severity === DiagnosticSeverity.Error);
if (!document || errors.length > 0) {
  console.error(`asyncapi: ${path} is not valid: ${errors.length} error(s)`);
  process.exit(1);
}
const channels = document.channels().all().map(channel => channel.address());
console.log(`asyncapi: ${path} is a valid AsyncAPI ${document.version()} document; channels: ${channels.join(', ')}`);
