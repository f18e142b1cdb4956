import { findIllustration, illustrationUrl } from '../lib/illustrations';
import { useResolvedTheme } from '../lib/theme';

/** The walkthrough picture for a fix, in the theme's variant; its numbered markers match the numbered steps beside it. */
export function IllustrationFigure({ id }: { id: string | undefined }) {
  const theme = useResolvedTheme();
  const ill = findIllustration(id);
  const url = ill ? illustrationUrl(ill, theme) : null;
  if (!ill || !url) return null;
  return (
    <figure className="illustration" data-testid={`illustration-${ill.id}`} data-theme-variant={theme}>
      <img src={url} alt={ill.alt} decoding="async" width={640} height={420} />
      <figcaption className="muted small">{ill.title}. The numbers in the picture match the numbered steps.</figcaption>
    </figure>
  );
}
