import { useNotices } from '../store/notices';

/** The polite live region: progress and verdicts, for screen readers (visually hidden). */
export function LiveRegion() {
  const { text, seq } = useNotices((s) => s.announcement);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region" data-seq={seq}>
      {text}
    </div>
  );
}
