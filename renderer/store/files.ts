/**
 * Hand a file to the user: the native save dialog where the shell has one (Electron), otherwise a
 * browser download of a Blob. Nothing leaves the machine either way. A side effect, so it lives with
 * the stores (components call the service only through them).
 */
import { getApi } from '../api';

export interface FileToSave {
  filename: string;
  mimeType: string;
  content: string;
}

/** File names the save request accepts: no path separators or reserved characters. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/^\.+/, '').slice(0, 120).trim();
  return cleaned === '' ? 'rdp-doctor.txt' : cleaned;
}

export function browserDownload(file: FileToSave): void {
  const blob = new Blob([file.content], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(file.filename);
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Returns a sentence saying what happened (for the live region), or null when the user cancelled. */
export async function saveOrDownload(file: FileToSave, canSaveFiles: boolean): Promise<string | null> {
  if (canSaveFiles) {
    const result = await getApi().saveFile({ suggestedName: safeFileName(file.filename), mimeType: file.mimeType, content: file.content });
    if (!result.saved) return null;
    return result.path ? `Saved to ${result.path}.` : 'Saved.';
  }
  browserDownload(file);
  return `Downloading ${safeFileName(file.filename)}.`;
}
