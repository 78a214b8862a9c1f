/**
 * Our own spec pairs for request bodies and responses (see pairs.ts): a body added, removed or made
 * required, properties added, removed, made required or retyped, enums narrowed, a batch limit lowered,
 * media types and statuses removed, response properties removed, made optional or nullable, enum values
 * added. A change inside a shared component is expected at every action that uses it.
 */
import type { Level } from '../../generator/diff/types.js';
import { P, renameKey } from './helpers.js';
import { op, type PairCase, schema } from './pairs.js';

export const BODY_PAIRS: PairCase[] = [
  {
    name: 'make a request body required',
    base: {
      'transactional-email.yaml': (d) =>
        d.setIn([...op(P.smtpTokens, 'post'), 'requestBody', 'required'], false),
    },
    head: {},
    expected: ['ERR request-body-became-required createSmtpToken'],
    exit: 1,
  },
  {
    name: 'add a required request body',
    head: {
      'campaigns.yaml': (d) =>
        d.setIn(
          [...op(P.campaign, 'delete'), 'requestBody'],
          d.createNode({
            required: true,
            content: {
              'application/json': { schema: { type: 'object', properties: { reason: { type: 'string' } } } },
            },
          }),
        ),
    },
    expected: ['ERR request-body-added-required deleteCampaign'],
    exit: 1,
  },
  {
    name: 'remove a request body',
    head: { 'transactional-email.yaml': (d) => d.deleteIn([...op(P.smtpTokens, 'post'), 'requestBody']) },
    expected: ['ERR request-body-removed createSmtpToken'],
    exit: 1,
  },
  {
    name: 'add a required request property',
    head: {
      'transactional-email.yaml': (d) => {
        d.setIn(
          [...schema('SmtpTokenCreateRequest'), 'properties', 'expiresAt'],
          d.createNode({ type: 'string', format: 'date-time' }),
        );
        d.addIn([...schema('SmtpTokenCreateRequest'), 'required'], 'expiresAt');
      },
    },
    expected: ['ERR new-required-request-property createSmtpToken'],
    exit: 1,
  },
  {
    name: 'remove a request property of a shared component (reported at each action)',
    head: {
      'communication-preferences.yaml': (d) =>
        d.deleteIn([
          ...schema('PublicUpdateSubscriptionStatusRequest'),
          'properties',
          'legalBasisExplanation',
        ]),
    },
    expected: [
      'WARN request-property-removed subscribeContact',
      'WARN request-property-removed unsubscribeContact',
    ],
    exit: 0,
  },
  {
    name: 'make a request property required',
    head: {
      'communication-preferences.yaml': (d) =>
        d.addIn([...schema('PublicUpdateSubscriptionStatusRequest'), 'required'], 'legalBasis'),
    },
    expected: [
      'ERR request-property-became-required subscribeContact',
      'ERR request-property-became-required unsubscribeContact',
    ],
    exit: 1,
  },
  {
    name: 'change a request property type',
    head: {
      'transactional-email.yaml': (d) =>
        d.setIn([...schema('SmtpTokenCreateRequest'), 'properties', 'createContact', 'type'], 'string'),
    },
    expected: ['ERR request-property-type-changed createSmtpToken'],
    exit: 1,
  },
  {
    name: 'narrow a request enum',
    head: {
      'communication-preferences.yaml': (d) => {
        const at = [...schema('PublicUpdateSubscriptionStatusRequest'), 'properties', 'legalBasis', 'enum'];
        d.deleteIn([...at, 4]);
      },
    },
    expected: [
      'ERR request-property-enum-value-removed subscribeContact',
      'ERR request-property-enum-value-removed unsubscribeContact',
    ],
    exit: 1,
  },
  {
    name: 'lower a batch limit',
    head: {
      'campaigns.yaml': (d) => {
        d.setIn([...schema('BatchInputPublicCampaignReadInput'), 'properties', 'inputs', 'maxItems'], 10);
        d.setIn([...op(P.batchRead, 'post'), 'x-batch', 'maxItems'], 10);
      },
    },
    expected: [
      'ERR request-property-max-items-decreased batchReadCampaigns',
      'WARN x-batch-max-items-decreased batchReadCampaigns',
    ],
    exit: 1,
  },
  {
    name: 'replace the request media type',
    head: {
      'transactional-email.yaml': (d) =>
        renameKey(
          d,
          [...op(P.smtpTokens, 'post'), 'requestBody', 'content'],
          'application/json',
          'application/x-www-form-urlencoded',
        ),
    },
    expected: [
      'ERR request-body-media-type-removed createSmtpToken',
      'INFO request-body-media-type-added createSmtpToken',
    ],
    exit: 1,
  },
  {
    name: 'remove a success status',
    head: { 'campaigns.yaml': (d) => d.deleteIn([...op(P.batchRead, 'post'), 'responses', '207']) },
    expected: ['ERR response-success-status-removed batchReadCampaigns'],
    exit: 1,
  },
  {
    name: 'remove a non-success status',
    head: {
      'transactional-email.yaml': (d) => d.deleteIn([...op(P.smtpToken, 'get'), 'responses', 'default']),
    },
    expected: ['INFO response-non-success-status-removed getSmtpToken'],
    exit: 0,
  },
  {
    name: 'replace the response media type',
    head: {
      'transactional-email.yaml': (d) =>
        renameKey(
          d,
          [...op(P.smtpToken, 'get'), 'responses', '200', 'content'],
          'application/json',
          'application/xml',
        ),
    },
    expected: ['ERR response-media-type-removed getSmtpToken', 'INFO response-media-type-added getSmtpToken'],
    exit: 1,
  },
];

/** Response changes inside `SmtpToken`, which four actions return. */
const SMTP_TOKEN_ACTIONS = ['createSmtpToken', 'getSmtpToken', 'listSmtpTokens', 'resetSmtpTokenPassword'];
const each = (level: Level, id: string) => SMTP_TOKEN_ACTIONS.map((a) => `${level} ${id} ${a}`);

export const RESPONSE_PAIRS: PairCase[] = [
  {
    name: 'remove a required response property',
    head: {
      'transactional-email.yaml': (d) => {
        d.deleteIn([...schema('SmtpToken'), 'properties', 'createdBy']);
        const req = d.getIn([...schema('SmtpToken'), 'required']) as { items: Array<{ value: unknown }> };
        d.deleteIn([...schema('SmtpToken'), 'required', req.items.findIndex((x) => x.value === 'createdBy')]);
      },
    },
    expected: each('ERR', 'response-required-property-removed'),
    exit: 1,
  },
  {
    name: 'make a response property optional',
    head: {
      'transactional-email.yaml': (d) => {
        const req = d.getIn([...schema('SmtpToken'), 'required']) as { items: Array<{ value: unknown }> };
        d.deleteIn([
          ...schema('SmtpToken'),
          'required',
          req.items.findIndex((x) => x.value === 'emailCampaignId'),
        ]);
      },
    },
    expected: each('ERR', 'response-property-became-optional'),
    exit: 1,
  },
  {
    name: 'make a response property nullable',
    head: {
      'transactional-email.yaml': (d) =>
        d.setIn(
          [...schema('SmtpToken'), 'properties', 'campaignName', 'type'],
          d.createNode(['string', 'null']),
        ),
    },
    expected: each('ERR', 'response-property-became-nullable'),
    exit: 1,
  },
  {
    name: 'change a response property type',
    head: {
      'transactional-email.yaml': (d) =>
        d.setIn([...schema('SmtpToken'), 'properties', 'createContact', 'type'], 'string'),
    },
    expected: each('ERR', 'response-property-type-changed'),
    exit: 1,
  },
  {
    name: 'add a response enum value',
    head: {
      'communication-preferences.yaml': (d) =>
        d.addIn([...schema('PublicSubscriptionStatus'), 'properties', 'legalBasis', 'enum'], 'NEW_BASIS'),
    },
    expected: ['getSubscriptionStatuses', 'subscribeContact', 'unsubscribeContact'].map(
      (a) => `WARN response-property-enum-value-added ${a}`,
    ),
    exit: 0,
  },
  {
    name: 'add an optional response property',
    head: {
      'transactional-email.yaml': (d) =>
        d.setIn([...schema('SmtpToken'), 'properties', 'note'], d.createNode({ type: 'string' })),
    },
    expected: each('INFO', 'response-optional-property-added'),
    exit: 0,
  },
];
