/**
 * Glob patterns as ESLint's flat config reads them (minimatch with `dot`):
 * `**` is any number of path segments, `*` and `?` stay inside one segment,
 * `[abc]` / `[!abc]` a character class, `{a,b}` alternatives (nested). Paths
 * use `/`; a pattern matches the whole path. Plain code, no dependency: the
 * settings are compiled once per settings object.
 */

/** A pattern's syntax error, for the settings validator: `unclosed \`{\``. */
export class GlobSyntaxError extends Error {}

export function compileGlob(pattern: string): RegExp {
  const source = translate(pattern.startsWith('./') ? pattern.slice(2) : pattern);
  return new RegExp(`^${source}$`);
}

function translate(pattern: string): string {
  let out = '';
  let braceDepth = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    const atSegmentStart = index === 0 || pattern[index - 1] === '/';
    switch (char) {
      case '*': {
        if (pattern[index + 1] === '*' && atSegmentStart && (index + 2 === pattern.length || pattern[index + 2] === '/')) {
          // A trailing `**` is everything below; `**/` is zero or more whole segments (the loop skips its `/`).
          out += index + 2 === pattern.length ? '.*' : '(?:[^/]*/)*';
          index += 2;
          break;
        }
        out += '[^/]*';
        while (pattern[index + 1] === '*') index++;
        break;
      }
      case '?':
        out += '[^/]';
        break;
      case '[': {
        const close = pattern.indexOf(']', index + 2);
        if (close === -1) throw new GlobSyntaxError('unclosed `[`');
        let body = pattern.slice(index + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        index = close;
        break;
      }
      case '{':
        braceDepth++;
        out += '(?:';
        break;
      case '}':
        if (braceDepth === 0) throw new GlobSyntaxError('`}` without `{`');
        braceDepth--;
        out += ')';
        break;
      case ',':
        out += braceDepth > 0 ? '|' : ',';
        break;
      case '\\':
        index++;
        if (index < pattern.length) out += escape(pattern[index]!);
        break;
      default:
        out += escape(char);
    }
  }
  if (braceDepth > 0) throw new GlobSyntaxError('unclosed `{`');
  return out;
}

function escape(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
