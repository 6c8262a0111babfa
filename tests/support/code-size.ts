// Function and file lengths of TypeScript sources, measured on the text: strings, template literals,
// regular expressions and comments are blanked first, so only real braces open and close bodies.

export interface LongFunction {
  /** 1-based line of the function's header. */
  line: number;
  /** The header, trimmed, for the message. */
  header: string;
  /** Lines from the header to the closing brace, both included. */
  lines: number;
}

/** A return type annotation; it may hold one level of braces (an object type). */
const RETURNS = String.raw`(?::\s*(?:[^={};]|\{[^{}]*\})+)?`;
/**
 * A function's header line: a declaration whose parameters close on it (not `function f(opts: {`), an arrow
 * whose body opens on it, or a method or accessor (also `#private`, generators, generic).
 */
const HEADER = new RegExp(
  String.raw`(\bfunction\b.*\).*\{\s*$)|(=>\s*\{\s*$)|` +
    String.raw`(^\s*(?:(?:public|private|protected|static|async|get|set|override)\s+)*\*?\s*#?[A-Za-z_$][\w$]*\s*(?:<[^(]*>)?\([^;]*\)\s*${RETURNS}\{\s*$)`,
);
/** The last line of a header whose parameters span several lines, also after a destructured or object-typed one (`}: Opts): T {`). */
const HEADER_END = new RegExp(String.raw`^\s*(?:[}\]][^()]*)?\)\s*${RETURNS}(?:=>\s*)?\{\s*$`);
const NOT_A_HEADER = /^\s*(if|for|while|switch|catch|with|return|else|do|try)\b/;

/** The source with the contents of strings, templates, regexes and comments replaced by spaces (newlines kept). */
export function blankLiterals(src: string): string {
  let out = '';
  let i = 0;
  // Template literals nest through `${ … }`: the stack holds the brace depth at which each `${` opened.
  const templates: number[] = [];
  let depth = 0;
  let prevSignificant = '';
  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (templates.length > 0 && depth === templates.at(-1) && c === '}') {
      templates.pop();
      out += c;
      i++;
      i = skipTemplate(src, i, (s) => (out += s), templates, () => depth);
      prevSignificant = '`';
      continue;
    }
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') {
        out += ' ';
        i++;
      }
      continue;
    }
    if (c === '/' && next === '*') {
      while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) {
        out += src[i] === '\n' ? '\n' : ' ';
        i++;
      }
      out += '  ';
      i += 2;
      continue;
    }
    if (c === "'" || c === '"') {
      out += c;
      i++;
      while (i < src.length && src[i] !== c && src[i] !== '\n') {
        if (src[i] === '\\') {
          out += ' ';
          i++;
        }
        out += ' ';
        i++;
      }
      out += c;
      i++;
      prevSignificant = c;
      continue;
    }
    if (c === '`') {
      out += c;
      i++;
      i = skipTemplate(src, i, (s) => (out += s), templates, () => depth);
      prevSignificant = '`';
      continue;
    }
    if (c === '/' && /^$|[(,=:[!&|?{};+\-*%<>~^]$/.test(prevSignificant)) {
      // A regular expression literal: up to the unescaped closing slash outside a class.
      out += c;
      i++;
      let inClass = false;
      while (i < src.length && src[i] !== '\n' && (inClass || src[i] !== '/')) {
        if (src[i] === '\\') {
          out += ' ';
          i++;
        } else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        out += ' ';
        i++;
      }
      out += '/';
      i++;
      prevSignificant = '/x';
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (!/\s/.test(c)) prevSignificant = /[\w$)\]]/.test(c) ? 'x' : c;
    out += c;
    i++;
  }
  return out;
}

/** Blanks a template literal's text from `i` to its closing backtick or to an opening `${` (pushed on the stack). */
function skipTemplate(src: string, i: number, emit: (s: string) => void, templates: number[], depth: () => number): number {
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      emit('  ');
      i += 2;
      continue;
    }
    if (c === '`') {
      emit('`');
      return i + 1;
    }
    if (c === '$' && src[i + 1] === '{') {
      templates.push(depth());
      emit('${');
      return i + 2;
    }
    emit(c === '\n' ? '\n' : ' ');
    i++;
  }
  return i;
}

/** Every function whose body spans more than `limit` lines, outer functions measured whole. */
export function longFunctions(src: string, limit: number): LongFunction[] {
  const lines = blankLiterals(src).split('\n');
  const original = src.split('\n');
  const found: LongFunction[] = [];
  const open: { line: number; depth: number; isFunction: boolean }[] = [];
  let depth = 0;
  /** Lines of the open parentheses, and of the one that closed last on this line (a multi-line header's start). */
  const parens: number[] = [];
  lines.forEach((text, index) => {
    let paramsFrom = index;
    for (const c of text) {
      if (c === '(') parens.push(index);
      else if (c === ')') paramsFrom = parens.pop() ?? index;
      else if (c === '{') {
        depth++;
        open.push({ line: index, depth, isFunction: false });
      } else if (c === '}') {
        const block = open.pop();
        depth--;
        if (block?.isFunction) {
          const length = index - block.line + 1;
          if (length > limit) found.push({ line: block.line + 1, header: original[block.line]!.trim(), lines: length });
        }
      }
    }
    // The block this line left open is a function body when the line is a function header.
    const last = open.at(-1);
    // A multi-line `if (` … `) {` ends like a header: the line its parentheses opened on tells them apart.
    const header = HEADER.test(text) || (HEADER_END.test(text) && !NOT_A_HEADER.test(lines[paramsFrom]!));
    if (last && last.line === index && header && !NOT_A_HEADER.test(text)) last.isFunction = true;
  });
  return found.sort((a, b) => a.line - b.line);
}
