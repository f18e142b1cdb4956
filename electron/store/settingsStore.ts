/**
 * User settings (theme, audience, recent targets, run options) in one atomically written JSON file.
 * A file that cannot be read is moved aside, the settings that still validate are kept (and written
 * back), and the user is told once, through storeProblems (app and command line).
 */
import path from 'node:path';
import { settingsSchema, type Settings } from '../../shared/contract';
import { formatTarget, type Target } from '../../shared/target';
import { SerialQueue, readJsonFile, writeJsonFile, type ProblemSource } from './atomicFile';
import { salvageFields } from './salvage';

export interface SettingsPatch {
  theme?: Settings['theme'];
  audience?: Settings['audience'];
  addRecentTarget?: Target;
  clearRecentTargets?: true;
  options?: Settings['options'];
}

const LABELS: Record<keyof Settings, string> = { theme: 'theme', audience: 'audience', recentTargets: 'recent targets', options: 'run options' };

export class SettingsStore implements ProblemSource {
  private readonly file: string;
  private readonly queue = new SerialQueue();
  private problems: string[] = [];

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json');
  }

  private async read(): Promise<Settings> {
    let kept: string[] = [];
    const read = await readJsonFile(this.file, settingsSchema, {
      salvage: (raw) => {
        const fields = salvageFields(settingsSchema, raw);
        kept = fields.kept;
        return settingsSchema.parse(fields.value);
      },
    });
    if (read.status === 'ok') return read.value;
    if (read.status === 'missing') return settingsSchema.parse({});
    const settings = read.salvaged ?? settingsSchema.parse({});
    const keptText = kept.length ? `kept your ${kept.map((k) => LABELS[k as keyof Settings] ?? k).join(', ')}; the rest is back to defaults` : 'defaults are used';
    this.problems.push(`Your settings could not be read (${read.problem}): the file was moved to ${read.movedTo}, and RDP Doctor ${keptText}.`);
    await writeJsonFile(this.file, settings);
    return settings;
  }

  get(): Promise<Settings> {
    return this.queue.run(() => this.read());
  }

  /** Reads the file (so a corrupt one is found now) and hands out what was found, once. */
  takeProblems(): Promise<string[]> {
    return this.queue.run(async () => {
      await this.read();
      const problems = this.problems;
      this.problems = [];
      return problems;
    });
  }

  update(patch: SettingsPatch): Promise<Settings> {
    return this.queue.run(async () => {
      const current = await this.read();
      const next: Settings = { ...current };
      if (patch.theme) next.theme = patch.theme;
      if (patch.audience) next.audience = patch.audience;
      if (patch.options) next.options = { ...current.options, ...patch.options };
      if (patch.clearRecentTargets) next.recentTargets = [];
      if (patch.addRecentTarget) {
        const label = patch.addRecentTarget.port === 3389 ? patch.addRecentTarget.host : formatTarget(patch.addRecentTarget);
        next.recentTargets = [label, ...next.recentTargets.filter((t) => t !== label)].slice(0, 10);
      }
      await writeJsonFile(this.file, next);
      return next;
    });
  }
}
