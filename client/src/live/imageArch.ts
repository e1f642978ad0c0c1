// The architectures of a stack file's images, asked once per image and connection in the background (deploy's
// imagePlatforms: the registry through the manager, with the credentials docker would send, else the manager's local
// image store): the live image check runs only for images one of them answered for.
import { homedir } from 'node:os';
import { EngineOps, imagePlatforms, readDockerConfig, registryAuthForImage, type ImagePlatforms } from '../deploy';
import type { EngineClient } from '../engine';

export class ImageArchCache {
  /** image → platforms; null: asked, no answer (no registry and not on the manager, or unreachable). */
  private readonly known = new Map<string, ImagePlatforms | null>();
  /** Bumped by reset(): a late answer from the previous connection is dropped. */
  private generation = 0;

  constructor(
    private readonly engine: () => Promise<EngineClient>,
    /** An answer arrived: the checks are computed again. */
    private readonly answered: () => void,
    /** X-Registry-Auth for an image, as docker sends it (default: from the docker config file). */
    private readonly registryAuth: (image: string) => string | undefined = (image) => {
      try {
        return registryAuthForImage(readDockerConfig(process.env, homedir()), image).header;
      } catch {
        return undefined;
      }
    },
  ) {}

  /** Another connection: another manager, image store and registry view. */
  reset(): void {
    this.known.clear();
    this.generation++;
  }

  readonly archOf = (image: string): ImagePlatforms | undefined => {
    const hit = this.known.get(image);
    if (hit !== undefined) return hit ?? undefined;
    this.known.set(image, null);
    const asked = this.generation;
    void this.engine()
      .then((client) => imagePlatforms(new EngineOps(client), image, this.registryAuth(image)))
      .then(
        (platforms) => {
          if (!platforms || this.generation !== asked) return;
          this.known.set(image, platforms);
          this.answered();
        },
        () => undefined,
      );
    return undefined;
  };
}
