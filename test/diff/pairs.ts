/**
 * Our own spec pairs, built from the real spec (spec/) by small YAML edits: one pair per rule the oasdiff
 * corpus lacks or that is ours (actions removed or moved, operationId changed, path parameter renamed,
 * area and connector group, parameters, security, pagination and batch metadata). Each pair states the
 * exact findings (`LEVEL id operationId`) and the exit code at its `--fail-on` (ERR unless it says).
 * Request bodies and responses are in pairs-bodies.ts.
 */
import type { Document } from 'yaml';
import type { Level } from '../../generator/diff/types.js';
import { type Edits, P, paramIndex, renameKey } from './helpers.js';

export interface PairCase {
  name: string;
  /** Edits that make the base side (default: the spec as it is). */
  base?: Edits;
  head: Edits;
  expected: string[];
  exit: 0 | 1;
  failOn?: Level;
}

/** `['paths', path, method]`: where an operation is in a spec file. */
export const op = (path: string, method: string) => ['paths', path, method];
/** Where a schema component is in a spec file. */
export const schema = (name: string) => ['components', 'schemas', name];

/** The openapi.yaml `$ref` must follow a path renamed in campaigns.yaml. */
const fixRef = (from: string, to: string) => (d: Document) => {
  renameKey(d, ['paths'], from, to);
  const esc = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');
  d.setIn(['paths', to, '$ref'], `./campaigns.yaml#/paths/${esc(to)}`);
};

/** Renames `/marketing/v3/campaigns/{campaignGuid}` to use `{campaignId}`, in both files that name it. */
const renamePathParam: Edits = {
  'openapi.yaml': fixRef(P.campaign, '/marketing/v3/campaigns/{campaignId}'),
  'campaigns.yaml': (d: Document) => {
    for (const m of ['get', 'patch', 'delete'])
      d.setIn(
        [...op(P.campaign, m), 'parameters', paramIndex(d, op(P.campaign, m), 'campaignGuid'), 'name'],
        'campaignId',
      );
    renameKey(d, ['paths'], P.campaign, '/marketing/v3/campaigns/{campaignId}');
  },
};

const deprecateDelete: Edits = {
  'campaigns.yaml': (d) => d.setIn([...op(P.campaign, 'delete'), 'deprecated'], true),
};

export const ACTION_PAIRS: PairCase[] = [
  {
    name: 'remove an action whose path keeps other actions',
    head: { 'campaigns.yaml': (d) => d.deleteIn(op(P.campaign, 'delete')) },
    expected: ['ERR api-removed-without-deprecation deleteCampaign'],
    exit: 1,
  },
  {
    name: 'remove the only action of a path',
    head: { 'campaigns.yaml': (d) => d.deleteIn(op(P.budget, 'get')) },
    expected: ['ERR api-path-removed-without-deprecation getCampaignBudgetTotals'],
    exit: 1,
  },
  {
    name: 'deprecate an action',
    head: deprecateDelete,
    expected: ['INFO endpoint-deprecated deleteCampaign'],
    exit: 0,
  },
  {
    name: 'remove an action after deprecating it',
    base: deprecateDelete,
    head: { 'campaigns.yaml': (d) => d.deleteIn(op(P.campaign, 'delete')) },
    expected: ['INFO api-removed-with-deprecation deleteCampaign'],
    exit: 0,
  },
  {
    name: 'change an operationId (renames the generated function)',
    head: { 'campaigns.yaml': (d) => d.setIn([...op(P.campaign, 'get'), 'operationId'], 'readCampaign') },
    expected: ['ERR api-operation-id-removed readCampaign'],
    exit: 1,
  },
  {
    name: 'rename a path parameter (oasdiff reports nothing; the client input changes)',
    head: renamePathParam,
    expected: [
      'ERR request-path-parameter-renamed deleteCampaign',
      'ERR request-path-parameter-renamed getCampaign',
      'ERR request-path-parameter-renamed updateCampaign',
    ],
    exit: 1,
  },
  {
    name: 'move an action to another path (same operationId)',
    head: {
      'openapi.yaml': fixRef(P.revenue, `${P.revenue}-attribution`),
      'campaigns.yaml': (d) => renameKey(d, ['paths'], P.revenue, `${P.revenue}-attribution`),
    },
    expected: ['WARN api-path-changed getCampaignRevenue'],
    exit: 0,
  },
  {
    name: 'move an action to another path, failing on WARN',
    head: {
      'openapi.yaml': fixRef(P.revenue, `${P.revenue}-attribution`),
      'campaigns.yaml': (d) => renameKey(d, ['paths'], P.revenue, `${P.revenue}-attribution`),
    },
    expected: ['WARN api-path-changed getCampaignRevenue'],
    exit: 1,
    failOn: 'WARN',
  },
  {
    name: "change an action's method",
    head: { 'marketing-emails.yaml': (d) => renameKey(d, ['paths', P.publishEmail], 'post', 'put') },
    expected: ['WARN api-method-changed publishMarketingEmail'],
    exit: 0,
  },
  {
    name: 'add an action',
    head: {
      'campaigns.yaml': (d) =>
        d.setIn(
          op(P.budget, 'delete'),
          d.createNode({
            operationId: 'resetCampaignBudget',
            summary: 'Reset a budget',
            tags: ['Campaigns'],
            'x-connector-group': 'Budget',
            parameters: [{ name: 'campaignGuid', in: 'path', required: true, schema: { type: 'string' } }],
            responses: { '204': { description: 'Done.' } },
            security: [{ hubspotAccessToken: ['marketing.campaigns.write'] }],
          }),
        ),
    },
    expected: ['INFO endpoint-added resetCampaignBudget'],
    exit: 0,
  },
  {
    name: 'change the connector group',
    head: { 'campaigns.yaml': (d) => d.setIn([...op(P.campaign, 'get'), 'x-connector-group'], 'Search') },
    expected: ['INFO x-connector-group-changed getCampaign'],
    exit: 0,
  },
  {
    name: 'move an action to another area',
    head: { 'campaigns.yaml': (d) => d.setIn([...op(P.campaign, 'get'), 'tags', 0], 'Marketing Events') },
    expected: ['ERR api-area-changed getCampaign'],
    exit: 1,
  },
  {
    name: 'add a required query parameter',
    head: {
      'campaigns.yaml': (d) =>
        d.addIn(
          [...op(P.campaign, 'get'), 'parameters'],
          d.createNode({
            name: 'locale',
            in: 'query',
            required: true,
            description: 'Locale.',
            schema: { type: 'string' },
          }),
        ),
    },
    expected: ['ERR new-required-request-parameter getCampaign'],
    exit: 1,
  },
  {
    name: 'add an optional query parameter',
    head: {
      'campaigns.yaml': (d) =>
        d.addIn(
          [...op(P.campaign, 'get'), 'parameters'],
          d.createNode({ name: 'locale', in: 'query', description: 'Locale.', schema: { type: 'string' } }),
        ),
    },
    expected: ['INFO new-optional-request-parameter getCampaign'],
    exit: 0,
  },
  {
    name: 'make a query parameter required',
    head: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [
            ...op(P.campaigns, 'get'),
            'parameters',
            paramIndex(d, op(P.campaigns, 'get'), 'limit'),
            'required',
          ],
          true,
        ),
    },
    expected: ['ERR request-parameter-became-required searchCampaigns'],
    exit: 1,
  },
  {
    name: 'make a query parameter optional',
    base: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [
            ...op(P.campaigns, 'get'),
            'parameters',
            paramIndex(d, op(P.campaigns, 'get'), 'limit'),
            'required',
          ],
          true,
        ),
    },
    head: {},
    expected: ['INFO request-parameter-became-optional searchCampaigns'],
    exit: 0,
  },
  {
    name: 'remove a query parameter',
    head: {
      'campaigns.yaml': (d) =>
        d.deleteIn([...op(P.campaigns, 'get'), 'parameters', paramIndex(d, op(P.campaigns, 'get'), 'sort')]),
    },
    expected: ['WARN request-parameter-removed searchCampaigns'],
    exit: 0,
  },
  {
    name: 'change a query parameter type from string to integer',
    head: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [
            ...op(P.campaigns, 'get'),
            'parameters',
            paramIndex(d, op(P.campaigns, 'get'), 'name'),
            'schema',
            'type',
          ],
          'integer',
        ),
    },
    expected: ['ERR request-parameter-type-changed searchCampaigns'],
    exit: 1,
  },
  {
    name: 'widen a query parameter type from integer to number',
    head: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [
            ...op(P.campaigns, 'get'),
            'parameters',
            paramIndex(d, op(P.campaigns, 'get'), 'limit'),
            'schema',
            'type',
          ],
          'number',
        ),
    },
    expected: ['INFO request-parameter-type-generalized searchCampaigns'],
    exit: 0,
  },
  {
    name: 'narrow a query parameter format from int64 to int32',
    base: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [
            ...op(P.campaigns, 'get'),
            'parameters',
            paramIndex(d, op(P.campaigns, 'get'), 'limit'),
            'schema',
            'format',
          ],
          'int64',
        ),
    },
    head: {},
    expected: ['ERR request-parameter-type-changed searchCampaigns'],
    exit: 1,
  },
  {
    name: 'remove an enum value of a query parameter',
    head: {
      'campaigns.yaml': (d) => {
        const at = [
          ...op(P.campaigns, 'get'),
          'parameters',
          paramIndex(d, op(P.campaigns, 'get'), 'sort'),
          'schema',
          'enum',
        ];
        d.deleteIn([...at, 1]);
      },
    },
    expected: ['ERR request-parameter-enum-value-removed searchCampaigns'],
    exit: 1,
  },
  {
    name: 'change a query parameter default',
    head: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [
            ...op(P.revenue, 'get'),
            'parameters',
            paramIndex(d, op(P.revenue, 'get'), 'attributionModel'),
            'schema',
            'default',
          ],
          'FIRST_INTERACTION',
        ),
    },
    expected: ['ERR request-parameter-default-value-changed getCampaignRevenue'],
    exit: 1,
  },
  {
    name: 'lower a query parameter maximum',
    head: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [
            ...op(P.campaigns, 'get'),
            'parameters',
            paramIndex(d, op(P.campaigns, 'get'), 'limit'),
            'schema',
            'maximum',
          ],
          50,
        ),
    },
    expected: ['ERR request-parameter-max-decreased searchCampaigns'],
    exit: 1,
  },
  {
    name: 'add a pattern to a query parameter',
    head: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [
            ...op(P.campaigns, 'get'),
            'parameters',
            paramIndex(d, op(P.campaigns, 'get'), 'name'),
            'schema',
            'pattern',
          ],
          '^[a-z]+$',
        ),
    },
    expected: ['ERR request-parameter-pattern-added searchCampaigns'],
    exit: 1,
  },
  {
    name: 'add a required scope',
    head: {
      'campaigns.yaml': (d) =>
        d.addIn(
          [...op(P.campaign, 'get'), 'security', 0, 'hubspotAccessToken'],
          'marketing.campaigns.revenue.read',
        ),
    },
    expected: ['INFO api-security-scope-added getCampaign'],
    exit: 0,
  },
  {
    name: 'add a security requirement',
    head: {
      'campaigns.yaml': (d) =>
        d.addIn([...op(P.campaign, 'get'), 'security'], d.createNode({ developerApiKey: [] })),
    },
    expected: ['INFO api-security-added getCampaign'],
    exit: 0,
  },
  {
    name: 'remove a security scheme',
    head: { 'openapi.yaml': (d) => d.deleteIn(['components', 'securitySchemes', 'developerApiKey']) },
    expected: ['INFO api-security-component-removed -'],
    exit: 0,
  },
  {
    name: 'remove pagination metadata',
    head: { 'campaigns.yaml': (d) => d.deleteIn([...op(P.campaigns, 'get'), 'x-pagination']) },
    expected: ['ERR x-pagination-removed searchCampaigns'],
    exit: 1,
  },
  {
    name: 'change pagination metadata',
    head: {
      'campaigns.yaml': (d) => d.setIn([...op(P.campaigns, 'get'), 'x-pagination', 'itemsPath'], 'items'),
    },
    expected: ['WARN x-pagination-changed searchCampaigns'],
    exit: 0,
  },
];
