// Validates an OpenAPI document with @apidevtools/swagger-parser: the document must follow the OpenAPI schema of its
// version (3.1 here), and every $ref it makes must resolve. Prints the operations it found.
// Usage: node validate.mjs PATH
import SwaggerParser from '@apidevtools/swagger-parser';

const path = process.argv[2];
if (!path) {
  console.error('usage: node validate.mjs PATH');
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(path);
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const operations = Object.values(api.paths ?? {}).flatMap(item => methods.filter(method => item[method]));
  console.log(`openapi: ${path} is a valid OpenAPI ${api.openapi} document (swagger-parser): `
    + `${Object.keys(api.paths ?? {}).length} paths, ${operations.length} operations`);
} catch (error) {
  console.error(`openapi: ${path} is not valid (swagger-parser): ${error.message}`);
  process.exit(1);
}
