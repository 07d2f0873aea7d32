// A service may reach another service only through that service's public face, `src/services/<svc>/index.ts`.
// Written here because no maintained plugin expresses "any folder under services/ except your own" without
// listing every service by hand, and the rule is short.
import path from 'node:path';

const SERVICES_DIR = `${path.sep}src${path.sep}services${path.sep}`;

/** The service a file belongs to, or undefined when it lives outside src/services. */
function serviceOf(file) {
  const at = file.indexOf(SERVICES_DIR);
  if (at < 0) return undefined;
  const rest = file.slice(at + SERVICES_DIR.length).split(path.sep);
  return rest.length > 1 ? rest[0] : undefined;
}

function isServiceIndex(file) {
  const at = file.indexOf(SERVICES_DIR);
  const rest = file.slice(at + SERVICES_DIR.length).split(path.sep);
  return rest.length === 2 && /^index\.(ts|js)$/.test(rest[1] ?? '');
}

/** @type {import('eslint').Rule.RuleModule} */
export const serviceBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'import another service only through src/services/<svc>/index.ts' },
    messages: {
      deepImport:
        "'{{source}}' reaches into service '{{target}}'. Import it through src/services/{{target}}/index.js instead.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const own = serviceOf(file);
    function check(node) {
      const source = node.source && node.source.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const resolved = path.resolve(path.dirname(file), source);
      const target = serviceOf(resolved);
      if (target === undefined || target === own) return;
      if (isServiceIndex(resolved)) return;
      context.report({ node: node.source, messageId: 'deepImport', data: { source, target } });
    }
    return {
      ImportDeclaration: check,
      ExportAllDeclaration: check,
      ExportNamedDeclaration: check,
      ImportExpression: check,
    };
  },
};
