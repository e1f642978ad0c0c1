// The architecture of a stack file's images from the manager's local image store (`GET /images/{name}/json`), asked
// once per image and connection in the background: the live image check runs only for images the store answered for.
import { imageWithTag } from '../deploy';
import { engineRequest, type EngineClient } from '../engine';

export class ImageArchCache {
  /** image → architecture; null: asked, no answer (not pulled on the manager, or unreachable). */
  private readonly known = new Map<string, string | null>();

  constructor(
    private readonly engine: () => Promise<EngineClient>,
    /** An answer arrived: the checks are computed again. */
    private readonly answered: () => void,
  ) {}

  /** Another connection: another image store. */
  reset(): void {
    this.known.clear();
  }

  readonly archOf = (image: string): string | undefined => {
    const hit = this.known.get(image);
    if (hit !== undefined) return hit ?? undefined;
    this.known.set(image, null);
    void this.engine()
      .then((client) => engineRequest<{ Architecture?: string }>(client, { method: 'GET', path: `/images/${encodeURIComponent(imageWithTag(image))}/json` }))
      .then(
        (inspect) => {
          if (!inspect?.Architecture || !this.known.has(image)) return;
          this.known.set(image, inspect.Architecture);
          this.answered();
        },
        () => undefined,
      );
    return undefined;
  };
}
