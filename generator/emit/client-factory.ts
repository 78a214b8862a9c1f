/**
 * Emitter: the client factory of `client/index.ts`. The client's types (`HubSpotMarketingClient`, its
 * result-style twin typed with `Resultify`, `HubSpotMarketingClientOptions`) and `createHubSpotMarketingClient`,
 * whose body is one call into the runtime's `createClient` over the tables of client-actions.ts.
 */
import type { Model } from '../model.js';
import { doc, type FileBuilder, pascal } from './client-shared.js';

export function emitClientFactory(sf: FileBuilder, model: Model): void {
  const areaProps = (result: boolean) =>
    model.areas.map((a) => ({
      name: a.key,
      isReadonly: true,
      type: result ? `Resultify<${pascal(a.key)}Api>` : `${pascal(a.key)}Api`,
      docs: [doc(`${a.name}: ${a.description}`)],
    }));
  const paginateMethods = [
    {
      name: 'paginate',
      typeParameters: ['K extends PagedActionId'],
      docs: [
        "Every item of every page of a cursor-paged action, by id: `for await (const c of client.paginate('searchCampaigns', { query: { name: 'spring' } }))`.",
      ],
      parameters: [
        { name: 'actionId', type: 'K' },
        { name: '...args', type: 'PagedActionArgs<K>' },
      ],
      returnType: "AsyncGenerator<PagedActionMap[K]['item'], void, undefined>",
    },
    {
      name: 'paginatePages',
      typeParameters: ['K extends PagedActionId'],
      docs: ['Every page of a cursor-paged action, by id.'],
      parameters: [
        { name: 'actionId', type: 'K' },
        { name: '...args', type: 'PagedActionArgs<K>' },
      ],
      returnType: "AsyncGenerator<PagedActionMap[K]['page'], void, undefined>",
    },
  ];
  const coreProp = (result: boolean) => ({
    name: 'core',
    isReadonly: true,
    type: result ? 'HubSpotResultCore' : 'HubSpotCore',
    docs: ['The core every action runs on; `core.api` is the raw openapi-fetch client.'],
  });
  sf.addInterface({
    name: 'HubSpotMarketingClient',
    isExported: true,
    docs: [`${doc(model.title)}: one object per API area, plus \`invoke\` to call any action by its id.`],
    properties: [coreProp(false), ...areaProps(false)],
    methods: [
      {
        name: 'invoke',
        typeParameters: ['K extends ActionId'],
        docs: [
          "Calls any action by its id, connector style: `await client.invoke('getCampaign', { path: { campaignGuid } })`.\nThe input and output are typed from the id.",
        ],
        parameters: [
          { name: 'actionId', type: 'K' },
          { name: '...args', type: 'ActionArgs<K>' },
        ],
        returnType: 'Promise<ActionOutput<K>>',
      },
      ...paginateMethods,
    ],
  });
  sf.addInterface({
    name: 'HubSpotMarketingResultClient',
    isExported: true,
    docs: [
      'The client created with `throwOnError: false`: every action resolves to `{ data, error, response }` instead of throwing a `HubSpotError`.',
    ],
    properties: [coreProp(true), ...areaProps(true)],
    methods: [
      {
        name: 'invoke',
        typeParameters: ['K extends ActionId'],
        docs: ['Calls any action by its id; resolves to `{ data, error, response }`.'],
        parameters: [
          { name: 'actionId', type: 'K' },
          { name: '...args', type: 'ActionArgs<K>' },
        ],
        returnType: 'Promise<Result<ActionOutput<K>>>',
      },
      ...paginateMethods,
    ],
  });
  sf.addInterface({
    name: 'HubSpotMarketingClientOptions',
    isExported: true,
    // `throwOnError` is the core's option (ErrorStyle): declared once, for the core and the client.
    extends: ['ClientOptions', 'ErrorStyle'],
    docs: ['Options of {@link createHubSpotMarketingClient}: those of a core, `throwOnError` included.'],
  });
  sf.addFunction({
    name: 'createHubSpotMarketingClient',
    isExported: true,
    overloads: [
      {
        docs: [
          [
            `Creates a client for the ${model.actions.length} HubSpot Marketing actions.`,
            '',
            '@example',
            '```ts',
            'const client = createHubSpotMarketingClient({ accessToken: process.env.HUBSPOT_ACCESS_TOKEN });',
            "const campaigns = await client.campaigns.searchCampaigns({ query: { name: 'spring' } });",
            '```',
          ].join('\n'),
        ],
        parameters: [
          {
            name: 'options',
            type: 'HubSpotMarketingClientOptions & { throwOnError?: true }',
            hasQuestionToken: true,
          },
        ],
        returnType: 'HubSpotMarketingClient',
      },
      {
        docs: [
          [
            'Creates a client whose actions resolve to `{ data, error, response }` instead of throwing.',
            '',
            '@example',
            '```ts',
            'const client = createHubSpotMarketingClient({ accessToken: process.env.HUBSPOT_ACCESS_TOKEN, throwOnError: false });',
            "const { data, error } = await client.marketingEmails.getMarketingEmail({ path: { emailId: '123' } });",
            '```',
          ].join('\n'),
        ],
        parameters: [{ name: 'options', type: 'HubSpotMarketingClientOptions & { throwOnError: false }' }],
        returnType: 'HubSpotMarketingResultClient',
      },
    ],
    parameters: [{ name: 'options', type: 'HubSpotMarketingClientOptions', initializer: '{}' }],
    returnType: 'HubSpotMarketingClient | HubSpotMarketingResultClient',
    statements: [
      'const tables = { areas: AREAS, actions: ACTIONS, pages: PAGES, items: ITEMS };',
      // One client object for both styles: the core made from `options` carries `throwOnError`.
      'const create = createHubSpotCore as (options: HubSpotMarketingClientOptions) => HubSpotCore;',
      'return createClient(create, options, tables) as HubSpotMarketingClient;',
    ],
  });
}
