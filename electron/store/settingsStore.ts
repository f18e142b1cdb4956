/** User settings (theme, audience, recent targets, run options) in one atomically written JSON file. */
import path from 'node:path';
import { settingsSchema, type Settings } from '../../shared/contract';
import { formatTarget, type Target } from '../../shared/target';
import { SerialQueue, readJsonFile, writeJsonFile } from './atomicFile';

export interface SettingsPatch {
  theme?: Settings['theme'];
  audience?: Settings['audience'];
  addRecentTarget?: Target;
  clearRecentTargets?: true;
  options?: Settings['options'];
}

export class SettingsStore {
  private readonly file: string;
  private readonly queue = new SerialQueue();
  /** Set when the settings file was unreadable and moved aside; reported once. */
  problem: string | null = null;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json');
  }

  private async read(): Promise<Settings> {
    const read = await readJsonFile(this.file, settingsSchema);
    if (read.status === 'ok') return read.value;
    if (read.status === 'corrupt') this.problem = `Your settings could not be read (${read.problem}); the file was moved to ${read.movedTo} and defaults are used.`;
    return settingsSchema.parse({});
  }

  get(): Promise<Settings> {
    return this.queue.run(() => this.read());
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
