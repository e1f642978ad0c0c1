// The Engine calls the deploy engine needs beyond the engine module's helpers, made through its `call()` escape hatch
// (so they get API negotiation, the timeout and EngineError classification). Bodies are sent exactly as given.
import {
  engineRequest,
  type CallOptions,
  type EngineClient,
  type EngineRequest,
  type ServiceSpec,
  type SwarmService,
  type SwarmTask,
  type TaskFilters,
} from '../engine';
import type { FileObjectSpec, NetworkCreateBody, ServiceSpecBody } from './convert/specTypes';

const labelFilter = (ns: string) => ({ label: [`com.docker.stack.namespace=${ns}`] });

export interface NetworkSummary {
  Id: string;
  Name: string;
  Scope: string;
  Driver: string;
  Labels?: Record<string, string> | null;
}

export interface SwarmObject {
  ID: string;
  Version: { Index: number };
  Spec: FileObjectSpec;
}

export interface ImageInspect {
  Id: string;
  Architecture?: string;
  Os?: string;
  Variant?: string;
}

/** The calls of a deploy, bound to one client. */
export class EngineOps {
  constructor(readonly client: EngineClient) {}

  private req<T>(r: EngineRequest, opts?: CallOptions): Promise<T> {
    return engineRequest<T>(this.client, r, opts);
  }

  /** GET /services?status=true (ServiceStatus with running/desired/completed task counts). */
  listServices(filters: Record<string, string[]>, opts?: CallOptions): Promise<SwarmService[]> {
    return this.req({ method: 'GET', path: '/services', query: { status: true, filters } }, opts);
  }

  stackServices(ns: string, opts?: CallOptions): Promise<SwarmService[]> {
    return this.listServices(labelFilter(ns), opts);
  }

  inspectService(id: string, opts?: CallOptions): Promise<SwarmService> {
    return this.req({ method: 'GET', path: `/services/${encodeURIComponent(id)}` }, opts);
  }

  listTasks(filters: TaskFilters, opts?: CallOptions): Promise<SwarmTask[]> {
    return this.req({ method: 'GET', path: '/tasks', query: { filters } }, opts);
  }

  createService(spec: ServiceSpecBody, registryAuth?: string, opts?: CallOptions): Promise<{ ID: string; Warnings?: string[] | null }> {
    return this.req({ method: 'POST', path: '/services/create', body: spec, registryAuth }, opts);
  }

  /** POST /services/{id}/update with an explicit version (the caller read it together with the spec it changes). */
  updateService(
    id: string,
    version: number,
    spec: ServiceSpec | ServiceSpecBody,
    registryAuth?: string,
    opts?: CallOptions,
  ): Promise<{ Warnings?: string[] | null }> {
    return this.req({ method: 'POST', path: `/services/${id}/update`, query: { version }, body: spec, registryAuth }, opts);
  }

  removeService(id: string, opts?: CallOptions): Promise<void> {
    return this.req({ method: 'DELETE', path: `/services/${id}` }, opts);
  }

  listNetworks(filters?: Record<string, string[]>, opts?: CallOptions): Promise<NetworkSummary[]> {
    return this.req({ method: 'GET', path: '/networks', query: filters ? { filters } : undefined }, opts);
  }

  stackNetworks(ns: string, opts?: CallOptions): Promise<NetworkSummary[]> {
    return this.listNetworks(labelFilter(ns), opts);
  }

  inspectNetwork(idOrName: string, opts?: CallOptions): Promise<NetworkSummary> {
    return this.req({ method: 'GET', path: `/networks/${encodeURIComponent(idOrName)}` }, opts);
  }

  createNetwork(body: NetworkCreateBody, opts?: CallOptions): Promise<{ Id: string }> {
    return this.req({ method: 'POST', path: '/networks/create', body }, opts);
  }

  removeNetwork(id: string, opts?: CallOptions): Promise<void> {
    return this.req({ method: 'DELETE', path: `/networks/${id}` }, opts);
  }

  listObjects(kind: 'secret' | 'config', filters?: Record<string, string[]>, opts?: CallOptions): Promise<SwarmObject[]> {
    return this.req({ method: 'GET', path: `/${kind}s`, query: filters ? { filters } : undefined }, opts);
  }

  createObject(kind: 'secret' | 'config', spec: FileObjectSpec, opts?: CallOptions): Promise<{ ID: string }> {
    return this.req({ method: 'POST', path: `/${kind}s/create`, body: spec }, opts);
  }

  updateObject(kind: 'secret' | 'config', id: string, version: number, spec: FileObjectSpec, opts?: CallOptions): Promise<void> {
    return this.req({ method: 'POST', path: `/${kind}s/${id}/update`, query: { version }, body: spec }, opts);
  }

  removeObject(kind: 'secret' | 'config', id: string, opts?: CallOptions): Promise<void> {
    return this.req({ method: 'DELETE', path: `/${kind}s/${id}` }, opts);
  }

  /** GET /images/{name}/json on the connected daemon; undefined when it does not have the image. */
  async inspectImage(name: string, opts?: CallOptions): Promise<ImageInspect | undefined> {
    try {
      return await this.req<ImageInspect>({ method: 'GET', path: `/images/${encodeURIComponent(name)}/json` }, opts);
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }
  }

  /** GET /distribution/{name}/json (the registry lookup behind `--resolve-image`). */
  distributionInspect(
    name: string,
    registryAuth?: string,
    opts?: CallOptions,
  ): Promise<{ Descriptor: { digest: string }; Platforms?: { architecture?: string; os?: string }[] | null }> {
    return this.req({ method: 'GET', path: `/distribution/${name}/json`, registryAuth }, opts);
  }
}
