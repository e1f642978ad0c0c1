// The volume drivers of the connected manager (GET /info `Plugins.Volume`), asked once per connection in the
// background: the live volume-driver check runs only once the manager answered.
import { volumeDriversOf, type VolumeDrivers } from '../deploy';
import type { EngineClient } from '../engine';

export class VolumeDriverCache {
  /** undefined: not asked yet; null: asked, no answer yet or none. */
  private known: VolumeDrivers | null | undefined;
  /** Bumped by reset(): a late answer from the previous connection is dropped. */
  private generation = 0;

  constructor(
    private readonly engine: () => Promise<EngineClient>,
    /** The answer arrived: the checks are computed again. */
    private readonly answered: () => void,
  ) {}

  /** Another connection: another manager. Plugins installed later are seen after a reconnect. */
  reset(): void {
    this.known = undefined;
    this.generation++;
  }

  readonly drivers = (): VolumeDrivers | undefined => {
    if (this.known !== undefined) return this.known ?? undefined;
    this.known = null;
    const asked = this.generation;
    void this.engine()
      .then((client) => client.info())
      .then(
        (info) => {
          const drivers = volumeDriversOf(info);
          if (!drivers || this.generation !== asked) return;
          this.known = drivers;
          this.answered();
        },
        () => undefined,
      );
    return undefined;
  };
}
