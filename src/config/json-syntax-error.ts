/**
 * Says where a config file stops being JSON, as a line and column, and what is there, without
 * echoing the file's text: that can hold a token typed into it, and the message reaches
 * `/healthz` and every wall's banner.
 *
 * V8's `JSON.parse` names the offset for most mistakes (`… in JSON at position 12`). For an
 * unexpected token it quotes the text around it instead: the whole text when it is short, else
 * up to 10 characters on either side, with `...` where it cut. The offset is read back from that.
 */
export function describeJsonSyntaxError(text: string, err: Error): string {
  if (text.trim() === '') return 'the file is empty';
  const offset = /^Unexpected end of JSON input/.test(err.message) ? text.length : offsetOf(text, err.message);
  const reason = err.message
    .replace(/ (in JSON )?at position \d+.*$/s, '')
    // The token as JSON, so a newline or a tab in it cannot break the line the problem is shown on.
    .replace(/^Unexpected token '(.+?)', .*$/s, (_, token: string) => `Unexpected token ${JSON.stringify(token)}`)
    .replace(/ \(line \d+ column \d+\)$/, '');
  if (offset === undefined) return reason;
  // A mistake found at the very end is at the end of what was written, not after a final newline.
  const at = Math.min(offset, text.trimEnd().length);
  return `${reason} at ${lineAndColumn(text, at)}${hint(text, at)}`;
}

const CONTEXT = 10;

function offsetOf(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return Number(position);
  const quoted = /^Unexpected token '(.+?)', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s.exec(message);
  if (!quoted) return undefined;
  const [, token = '', cutBefore, context = '', cutAfter] = quoted;
  if (cutBefore) {
    const start = text.indexOf(context);
    return start < 0 || text.indexOf(context, start + 1) >= 0 ? undefined : start + CONTEXT;
  }
  if (cutAfter) return context.length - CONTEXT;
  const at = text.indexOf(token);
  return at < 0 ? undefined : at;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** The mistakes people make in JSON by hand, where the parser's words do not say it. */
function hint(text: string, offset: number): string {
  if (offset >= text.trimEnd().length) return ' (the file ends there)';
  const here = text[offset];
  const previous = text.slice(0, offset).trimEnd().at(-1);
  if ((here === ']' || here === '}') && previous === ',') return ' (a comma before a closing bracket: JSON allows none)';
  if (here === "'") return ' (JSON strings take double quotes)';
  if (here === '/') return ' (JSON has no comments)';
  if (here !== undefined && /[A-Za-z_$]/.test(here) && previous !== undefined && /[:[,]/.test(previous)) return ' (a string without quotes?)';
  return '';
}
