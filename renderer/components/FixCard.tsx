/**
 * One suggested fix: what it does, its risk, where, numbered steps with the illustration, exact
 * commands; for automatic fixes Preview -> consent -> Apply -> outcome -> Undo.
 */
import { useState } from 'react';
import type { FixPreview } from '../../shared/contract';
import type { Finding, FixSuggestion } from '../../shared/model';
import { platformName } from '../../shared/words';
import { messageOf } from '../lib/errors';
import { fixParams, invasivenessLabel, placeLabel } from '../lib/fixParams';
import { windowsOnlyHere } from '../lib/windowsOnly';
import { applyFixAndCheck, undoFixRecorded } from '../store/dispatcher';
import { cancelFixOperation, previewFix } from '../store/fixes';
import { useSettings } from '../store/settings';
import { useWizard } from '../store/wizard';
import { Badge } from './Badge';
import { CommandBlock } from './CommandBlock';
import { InlineError } from './ErrorAlert';
import { FixOutcomeView } from './FixOutcomeView';
import { FixPreviewDialog } from './FixPreviewDialog';
import { Icon, Spinner } from './Icon';
import { IllustrationFigure } from './IllustrationFigure';
import { findIllustration } from '../lib/illustrations';

const PLACE_ICON = { client: 'laptop', server: 'server', network: 'network' } as const;

/** `level`: the title's heading level (5 under a finding's h4 "Fixes"; 4 right under an h3). */
export function FixCard({ fix, finding, option, level = 5 }: { fix: FixSuggestion; finding: Finding; option: number; level?: 4 | 5 }) {
  const Title = level === 4 ? 'h4' : 'h5';
  const audience = useSettings((s) => s.audience);
  const runStep = useWizard((s) => s.runStep);
  const outcome = useWizard((s) => s.fixes.filter((f) => f.fixId === fix.id).at(-1)?.outcome ?? null);
  const [preview, setPreview] = useState<FixPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | 'undo' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const platform = useSettings((s) => s.env?.platform);
  const windowsOnly = windowsOnlyHere(fix, platform);
  const params = fixParams(fix);
  const illustration = findIllustration(fix.illustration);
  // The fix's own steps; without any, the illustration's (they match its numbered markers).
  const steps = fix.steps.length > 0 ? fix.steps : (illustration?.steps ?? []);

  const openPreview = async (): Promise<void> => {
    setBusy('preview');
    setError(null);
    try {
      setPreview(await previewFix(fix.id, params));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const apply = async (secondConfirmation: boolean): Promise<void> => {
    if (!preview) return;
    setBusy('apply');
    setError(null);
    try {
      await applyFixAndCheck(fix, finding, preview, secondConfirmation);
      setPreview(null);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const undo = async (undoId: string): Promise<void> => {
    setBusy('undo');
    setError(null);
    try {
      await undoFixRecorded(fix, finding, undoId);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  // Stops the preview, apply or undo under way (12.12); its outcome or error then says what happened.
  const stop = (): void => void cancelFixOperation(fix.id);

  const showCommands = fix.commands.length > 0;

  return (
    <article className="fix-card" data-testid={`fix-card-${fix.id}`} aria-labelledby={`fix-${finding.id}-${fix.id}-title`}>
      <header className="fix-head">
        <span className="fix-option">Option {option}</span>
        <Title className="fix-title" id={`fix-${finding.id}-${fix.id}-title`}>
          {fix.title}
        </Title>
        <div className="badge-row">
          <Badge tone="neutral" icon={PLACE_ICON[fix.where]}>
            {placeLabel(fix.where)}
          </Badge>
          <Badge tone={fix.invasiveness === 'high' ? 'danger' : fix.invasiveness === 'medium' ? 'warning' : 'neutral'}>
            {invasivenessLabel(fix.invasiveness)}
          </Badge>
          {fix.automatic ? (
            <Badge tone="accent" icon="wrench">
              RDP Doctor can do this
            </Badge>
          ) : null}
        </div>
      </header>
      <p>{fix.plain}</p>
      <p className="fix-risk">
        <strong>Risk: </strong>
        {fix.risk}
      </p>
      {steps.length > 0 || illustration ? (
        <div className={illustration ? 'fix-steps with-illustration' : 'fix-steps'}>
          <div>
            {illustration?.open ? <p className="fix-open">{illustration.open}</p> : null}
            {steps.length > 0 ? (
              <ol className="numbered-steps">
                {steps.map((s, i) => (
                  <li key={i}>
                    <span className="callout-number" aria-hidden="true">
                      {i + 1}
                    </span>
                    <span>{s}</span>
                  </li>
                ))}
              </ol>
            ) : null}
          </div>
          <IllustrationFigure id={fix.illustration} />
        </div>
      ) : null}
      {windowsOnly ? (
        <div className="windows-only" data-testid={`windows-only-${fix.id}`}>
          <p>
            <Icon name="info" size={16} />
            <span>
              <strong>RDP Doctor makes this change on Windows only</strong>, and this computer runs {platformName(platform ?? 'other')}.{' '}
              {fix.where === 'server' ? 'It is made on the remote computer, by IT or whoever looks after it.' : 'Make it on the Windows computer that needs it.'}
              {showCommands ? ' The commands to run there, in PowerShell as administrator:' : ''}
            </span>
          </p>
          {showCommands ? <Commands fix={fix} open={audience === 'it'} summary="Commands to run there" /> : null}
        </div>
      ) : null}
      {showCommands && !windowsOnly ? <Commands fix={fix} open={audience === 'it'} summary="Commands for IT staff" /> : null}
      {fix.automatic && !windowsOnly ? (
        <div className="button-row">
          <button type="button" className="btn" onClick={() => void openPreview()} disabled={busy !== null} data-testid={`fix-preview-${fix.id}`}>
            {busy === 'preview' ? <Spinner size={16} /> : <Icon name="eye" size={16} />}
            Preview the change…
          </button>
          {busy === 'preview' || busy === 'undo' ? (
            <button type="button" className="btn" onClick={stop} data-testid={`fix-stop-${fix.id}`}>
              Stop
            </button>
          ) : null}
        </div>
      ) : null}
      {!preview ? <InlineError message={error} /> : null}
      {outcome ? (
        <FixOutcomeView
          outcome={outcome}
          undoing={busy === 'undo'}
          onUndo={outcome.status === 'applied' && outcome.undoId ? () => void undo(outcome.undoId!) : null}
          onCheckAgain={() => void runStep(finding.step, true)}
        />
      ) : null}
      {preview ? (
        <FixPreviewDialog
          preview={preview}
          applying={busy === 'apply'}
          error={error}
          onApply={(second) => void apply(second)}
          onStop={stop}
          onClose={() => {
            setPreview(null);
            setError(null);
          }}
        />
      ) : null}
    </article>
  );
}

/** A fix's commands: shown for IT, behind a disclosure in plain words. */
function Commands({ fix, open, summary }: { fix: FixSuggestion; open: boolean; summary: string }) {
  const commands = fix.commands.map((c, i) => <CommandBlock key={i} command={c} />);
  if (open) return <div className="commands">{commands}</div>;
  return (
    <details className="disclosure">
      <summary>
        <Icon name="chevron-right" size={16} className="disclosure-icon" />
        {summary} ({fix.commands.length})
      </summary>
      <div className="commands">{commands}</div>
    </details>
  );
}
