/** One line for the user from anything an API call (or our own code) can throw. */
export function messageOf(error: unknown): string {
  let text: string;
  if (error instanceof Error) text = error.message;
  else if (error && typeof error === 'object' && 'message' in error && typeof (error as { message: unknown }).message === 'string') {
    text = (error as { message: string }).message;
  } else text = String(error);
  // Electron prefixes errors that cross the IPC boundary: "Error invoking remote method '...': Error: msg".
  text = text.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
  const line = text.split('\n')[0]?.trim() ?? '';
  return line === '' ? 'Something went wrong, without further detail.' : line.length > 300 ? `${line.slice(0, 297)}…` : line;
}
