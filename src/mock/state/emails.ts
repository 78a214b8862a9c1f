/**
 * Marketing emails in memory, with HubSpot's two buffers: the live email and an optional draft. Edits to the
 * draft (`upsertDraft`) stay there until `publish` makes the draft live (or `resetDraft` drops it); every change
 * of the live email is kept as a revision that can be restored, to the live email or to the draft. Also:
 * clone, A/B variations (a pair of emails pointing at each other), and delete as archive.
 */
import { badRequest, notFound } from '../envelope.js';
import { type IdSource, MOCK_USER, nowIso } from './ids.js';
import { type JsonObject, mergeJson, omit } from './merge.js';
import type { SeedMarketingEmail } from './seed.js';

/** A PublicEmail as stored; the fields the mock itself reads or sets are typed. */
export interface EmailDoc extends JsonObject {
  id: string;
  name: string;
  isAb: boolean;
  isPublished: boolean;
  isTransactional: boolean;
  archived: boolean;
  state: string;
  type: string;
  createdAt: string;
  updatedAt: string;
  campaign?: string;
  subject?: string;
}

export interface Revision {
  id: string;
  updatedAt: string;
  object: EmailDoc;
}

interface Entry {
  live: EmailDoc;
  draft?: EmailDoc;
  /** Oldest first. */
  revisions: Revision[];
  /** The other email of an A/B pair. */
  partner?: string;
}

/** Fields a copy (clone, variation) does not inherit. */
const NOT_COPIED = [
  'publishedAt',
  'publishDate',
  'publishedById',
  'publishedByName',
  'publishedByEmail',
  'unpublishedAt',
  'deletedAt',
  'clonedFrom',
  'stats',
];

export interface EmailFilter {
  archived?: boolean;
  campaign?: string;
  isPublished?: boolean;
  type?: string;
  /** Inclusive ISO bounds per date field. */
  after?: Partial<Record<'createdAt' | 'updatedAt' | 'publishedAt', string>>;
  before?: Partial<Record<'createdAt' | 'updatedAt' | 'publishedAt', string>>;
  sort?: string[];
}

export class EmailStore {
  private emails = new Map<string, Entry>();

  constructor(private readonly ids: IdSource) {}

  create(body: JsonObject): EmailDoc {
    const at = nowIso();
    const { businessUnitId, ...fields } = body;
    const doc: EmailDoc = {
      state: 'DRAFT',
      type: 'BATCH_EMAIL',
      subcategory: 'batch',
      emailTemplateMode: 'DRAG_AND_DROP',
      isAb: false,
      isPublished: false,
      isTransactional: false,
      archived: false,
      name: '',
      ...structuredClone(fields),
      id: this.ids.numeric('email'),
      createdAt: at,
      createdById: MOCK_USER.id,
      updatedAt: at,
      updatedById: MOCK_USER.id,
    };
    if (businessUnitId !== undefined) doc.businessUnitId = String(businessUnitId);
    return this.insert(doc);
  }

  seed(input: SeedMarketingEmail): EmailDoc {
    const { id, ...fields } = input;
    const doc = this.create(fields);
    if (input.isPublished) Object.assign(doc, { state: 'PUBLISHED', publishedAt: doc.createdAt });
    if (id === undefined) return doc;
    const entry = this.entry(doc.id);
    this.emails.delete(doc.id);
    entry.live.id = id;
    for (const revision of entry.revisions) revision.object.id = id;
    this.emails.set(id, entry);
    this.ids.reserve('email', id);
    return entry.live;
  }

  /** The live email; archived ones only when `archived` is set. */
  get(id: string, archived = false): EmailDoc {
    return this.entry(id, archived).live;
  }

  find(id: string): EmailDoc | undefined {
    return this.emails.get(id)?.live;
  }

  update(id: string, patch: JsonObject, archived = false): EmailDoc {
    const entry = this.entry(id, archived);
    return this.setLive(entry, mergeJson(entry.live, normalise(patch)));
  }

  /** Archives the email (HubSpot keeps deleted emails as archived). */
  delete(id: string, archived = false): void {
    const entry = this.entry(id, archived);
    entry.live = { ...entry.live, archived: true, deletedAt: nowIso() };
  }

  clone(id: string, name?: string, language?: string): EmailDoc {
    const source = this.get(id);
    const copy = this.copyOf(source, { name: name ?? `${source.name} (clone)`, clonedFrom: source.id });
    if (language !== undefined) copy.language = language;
    return this.insert(copy);
  }

  /** Makes the draft (if any) live and publishes it; HubSpot refuses an email without a subject. */
  publish(id: string): void {
    const entry = this.entry(id);
    const next = entry.draft ?? entry.live;
    if (!next.subject) throw badRequest(`Email ${id} has no subject; set one before publishing.`, 'subject');
    const at = nowIso();
    entry.draft = undefined;
    this.setLive(entry, {
      ...omit(next, ['unpublishedAt']),
      isPublished: true,
      state: 'PUBLISHED',
      publishDate: at,
      publishedAt: at,
      publishedById: MOCK_USER.id,
      publishedByName: MOCK_USER.fullName,
      publishedByEmail: MOCK_USER.email,
    });
  }

  unpublish(id: string): void {
    const entry = this.entry(id);
    if (!entry.live.isPublished) throw badRequest(`Email ${id} is not published.`);
    this.setLive(entry, { ...entry.live, isPublished: false, state: 'DRAFT', unpublishedAt: nowIso() });
  }

  /** The draft, or the live email when there is no draft. */
  draft(id: string): EmailDoc {
    const entry = this.entry(id);
    return entry.draft ?? entry.live;
  }

  upsertDraft(id: string, patch: JsonObject): EmailDoc {
    const entry = this.entry(id);
    entry.draft = { ...mergeJson(entry.draft ?? entry.live, normalise(patch)), updatedAt: nowIso() };
    return entry.draft;
  }

  resetDraft(id: string): void {
    this.entry(id).draft = undefined;
  }

  /** Newest first. */
  revisions(id: string): Revision[] {
    return [...this.entry(id).revisions].reverse();
  }

  revision(id: string, revisionId: string): Revision {
    const revision = this.entry(id).revisions.find((r) => r.id === revisionId);
    if (!revision) throw notFound(`Revision of email ${id}`, revisionId);
    return revision;
  }

  restore(id: string, revisionId: string): void {
    const object = this.revision(id, revisionId).object;
    this.setLive(this.entry(id), structuredClone(object));
  }

  restoreToDraft(id: string, revisionId: string): EmailDoc {
    const object = this.revision(id, revisionId).object;
    const entry = this.entry(id);
    entry.draft = { ...structuredClone(object), updatedAt: nowIso() };
    return entry.draft;
  }

  /** Creates variation B of `contentId` (at most one active variation per email). */
  createVariation(contentId: string, variationName: string): EmailDoc {
    const entry = this.entry(contentId);
    const partner = entry.partner === undefined ? undefined : this.emails.get(entry.partner);
    if (partner && !partner.live.archived) {
      throw badRequest(
        `Email ${contentId} already has an active A/B variation (${entry.partner}).`,
        'body.contentId',
      );
    }
    const variant = this.insert(
      this.copyOf(entry.live, { name: variationName, isAb: true, subcategory: 'ab_variant' }),
    );
    this.setLive(entry, { ...entry.live, isAb: true, subcategory: 'ab_master' });
    entry.partner = variant.id;
    this.entry(variant.id).partner = contentId;
    return variant;
  }

  /** The other email of the A/B pair `id` belongs to. */
  variation(id: string, archived = false): EmailDoc {
    const partner = this.entry(id, archived).partner;
    if (partner === undefined) throw notFound('A/B variation of email', id);
    return this.get(partner, archived);
  }

  list(filter: EmailFilter): EmailDoc[] {
    const inRange = (doc: EmailDoc) =>
      (['createdAt', 'updatedAt', 'publishedAt'] as const).every((field) => {
        const value = typeof doc[field] === 'string' ? (doc[field] as string) : undefined;
        const after = filter.after?.[field];
        const before = filter.before?.[field];
        if (after === undefined && before === undefined) return true;
        if (value === undefined) return false;
        return (after === undefined || value >= after) && (before === undefined || value <= before);
      });
    const found = [...this.emails.values()]
      .map((e) => e.live)
      .filter(
        (doc) =>
          doc.archived === (filter.archived ?? false) &&
          (filter.campaign === undefined || doc.campaign === filter.campaign) &&
          (filter.isPublished === undefined || doc.isPublished === filter.isPublished) &&
          (filter.type === undefined || doc.type === filter.type) &&
          inRange(doc),
      );
    const keys = filter.sort ?? ['createdAt'];
    const sortValue = (doc: EmailDoc, key: string) => String(doc[SORT_FIELDS[key] ?? key] ?? '');
    return found.sort((a, b) => {
      for (const key of keys) {
        const order = sortValue(a, key).localeCompare(sortValue(b, key), 'en');
        if (order !== 0) return order;
      }
      return 0;
    });
  }

  clear(): void {
    this.emails.clear();
  }

  private entry(id: string, archived = false): Entry {
    const entry = this.emails.get(id);
    if (!entry || (entry.live.archived && !archived)) throw notFound('Email', id);
    return entry;
  }

  private insert(doc: EmailDoc): EmailDoc {
    const entry: Entry = { live: doc, revisions: [] };
    this.emails.set(doc.id, entry);
    this.addRevision(entry);
    return doc;
  }

  private setLive(entry: Entry, doc: EmailDoc): EmailDoc {
    entry.live = { ...doc, id: entry.live.id, updatedAt: nowIso(), updatedById: MOCK_USER.id };
    this.addRevision(entry);
    return entry.live;
  }

  private addRevision(entry: Entry): void {
    entry.revisions.push({
      id: String(this.ids.stamp()),
      updatedAt: entry.live.updatedAt,
      object: structuredClone(entry.live),
    });
  }

  private copyOf(source: EmailDoc, fields: JsonObject): EmailDoc {
    const at = nowIso();
    return {
      ...omit(structuredClone(source), NOT_COPIED),
      ...fields,
      id: this.ids.numeric('email'),
      state: 'DRAFT',
      isPublished: false,
      archived: false,
      createdAt: at,
      createdById: MOCK_USER.id,
      updatedAt: at,
      updatedById: MOCK_USER.id,
    } as EmailDoc;
  }
}

const SORT_FIELDS: Record<string, string> = { createdBy: 'createdById', updatedBy: 'updatedById' };

/** Request bodies send `businessUnitId` as a number; PublicEmail has it as a string. */
function normalise(patch: JsonObject): JsonObject {
  const { businessUnitId, ...rest } = patch;
  return businessUnitId === undefined ? rest : { ...rest, businessUnitId: String(businessUnitId) };
}
