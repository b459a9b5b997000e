import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { badField, text } from '../errors';

const NUL = '\u0000';
const MESSAGE = text('不能含有 NUL 字符（\\u0000）', 'must not contain a NUL character (\\u0000)');

/** The path of the first string holding a NUL character in a variable's value, or null. */
export function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulPath(item, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** The argument path of the first string literal holding a NUL character in a document, or null. */
export function nulLiteralPath(document: DocumentNode): string | null {
  let found: string | null = null;
  const names: string[] = [];
  visit(document, {
    Argument: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    ObjectField: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    [Kind.STRING]: (node) => {
      if (!found && node.value.includes(NUL)) found = names.join('.') || 'query';
    },
  });
  return found;
}

/**
 * PostgreSQL cannot store a NUL character in text: every string a request sends, in its variables or
 * written into the query, is refused up front with its path, as invalid input.
 */
export const nulGuard: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        for (const [name, value] of Object.entries(request.variables ?? {})) {
          const path = nulPath(value, name);
          if (path) throw badField(path, MESSAGE, 'invalid_character');
        }
        const literal = nulLiteralPath(document);
        if (literal) throw badField(literal, MESSAGE, 'invalid_character');
      },
    };
  },
};
