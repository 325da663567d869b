// Text for the job log. The runner reads any stdout line that starts with `::` as a workflow
// command, and a file name, resource name or message from the repository may hold a newline
// followed by one. Percent-encoding `%`, CR and LF (the runner's own escapes for command values)
// keeps each log line one line that starts where we started it.

/** One log line: `%`, `\r` and `\n` percent-encoded, so the text can never begin a new line. */
export function logText(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
