import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';
import { announce, showError } from '../store/notices';
import { Icon } from './Icon';

export function CopyButton({ text, label = 'Copy', what, testId }: { text: string; label?: string; what: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <button
      type="button"
      className="btn btn-small"
      data-testid={testId}
      aria-label={`${label} ${what}`}
      onClick={() => {
        copyText(text).then(
          () => {
            setCopied(true);
            announce(`Copied ${what} to the clipboard.`);
          },
          (error: unknown) => showError(error, 'Copy failed'),
        );
      }}
    >
      <Icon name={copied ? 'check' : 'copy'} size={15} />
      <span aria-hidden="true">{copied ? 'Copied' : label}</span>
    </button>
  );
}
