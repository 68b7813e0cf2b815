import { errorMessage, type Logger } from './logger';

/** The slice of a `browser.privacy` setting the add-on writes. */
export interface BrowserSetting<T> {
  set(details: { value: T }): Promise<unknown>;
  clear(details: Record<string, never>): Promise<unknown>;
}

/**
 * A browser setting held at a protective value while the proxy is on. Turning it off clears our value, which gives
 * back the user's own; Firefox also clears it when the add-on is removed. Only changes are written.
 */
export class SettingWhileOn<T> {
  private applied: boolean | undefined;

  constructor(
    private readonly setting: BrowserSetting<T>,
    private readonly protectiveValue: T,
    /** What the setting is, as the error log names it. */
    private readonly name: string,
    private readonly logger: Logger,
  ) {}

  async apply(protect: boolean): Promise<void> {
    if (this.applied === protect) return;
    this.applied = protect;
    try {
      await (protect ? this.setting.set({ value: this.protectiveValue }) : this.setting.clear({}));
    } catch (error) {
      // Forgotten, so the next state change tries again rather than believing the setting holds.
      this.applied = undefined;
      this.logger.error(`could not change ${this.name}`, errorMessage(error));
    }
  }
}
