import { shortHash } from '../model/names.js';
import type { ServiceModel } from '../model/service.js';
import { camel } from '../model/names.js';
import { Merge, ParamRef, type ParamSource, type ParamSpec, type Value } from './model.js';

/** Tag names azslo owns. `apply --prune` trusts only resources carrying azslo-managed with the same service. */
export const TAGS = {
  managed: 'azslo-managed',
  service: 'azslo-service',
  slo: 'azslo-slo',
  owner: 'azslo-owner',
  environment: 'azslo-environment',
} as const;

export const DEPLOYMENT_TAGS_PARAM = 'tags';

/**
 * Parameters of a deployment. Names are derived from the service and purpose; a clash (two names camelCasing to
 * the same identifier) is settled by a hash suffix, deterministically.
 */
export class Params {
  private readonly byName = new Map<string, ParamSpec>();

  add(parts: string[], spec: Omit<ParamSpec, 'name'>): ParamRef {
    let name = camel(...parts);
    if (this.byName.has(name)) name = `${name}${shortHash(parts.join('/'), 4)}`;
    this.byName.set(name, { ...spec, name });
    return new ParamRef(name);
  }

  addNamed(name: string, spec: Omit<ParamSpec, 'name'>): ParamRef {
    this.byName.set(name, { ...spec, name });
    return new ParamRef(name);
  }

  list(): ParamSpec[] {
    return [...this.byName.values()];
  }
}

/** Per-service parameters and tag helpers shared by the resource builders. */
export interface ServiceContext {
  readonly service: ServiceModel;
  readonly params: Params;
  readonly workspaceId: ParamRef;
  readonly appInsightsId: ParamRef;
  readonly location: ParamRef;
  tags(slo?: string): Value;
  secret(parts: string[], description: string, source: ParamSource): ParamRef;
}

export function serviceContext(service: ServiceModel, params: Params): ServiceContext {
  const literal = (value: string): ParamSource => ({ kind: 'literal', value });
  const workspaceId = params.add([service.slug, 'workspace-id'], {
    type: 'string',
    description: `Resource id of the Log Analytics workspace of service ${service.name}.`,
    secure: false,
    source: literal(service.azure.workspace),
  });
  const appInsightsId = params.add([service.slug, 'app-insights-id'], {
    type: 'string',
    description: `Resource id of the Application Insights component of service ${service.name}.`,
    secure: false,
    source: literal(service.azure.appInsights),
  });
  const location = params.add([service.slug, 'location'], {
    type: 'string',
    description: `Azure region of the alert rules and workbook of service ${service.name}.`,
    secure: false,
    source: literal(service.azure.location),
  });
  return {
    service,
    params,
    workspaceId,
    appInsightsId,
    location,
    tags(slo?: string): Value {
      const own: Record<string, string> = {
        ...service.tags,
        [TAGS.managed]: 'true',
        [TAGS.service]: service.name,
        [TAGS.owner]: service.owner,
        [TAGS.environment]: service.environment,
      };
      if (slo !== undefined) own[TAGS.slo] = slo;
      return new Merge([new ParamRef(DEPLOYMENT_TAGS_PARAM), own]);
    },
    secret(parts, description, source) {
      return params.add([service.slug, ...parts], { type: 'string', description, secure: true, source });
    },
  };
}
