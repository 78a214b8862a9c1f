/**
 * Single transactional sends: the email must exist and be published (as HubSpot requires of the transactional
 * email it sends). Each accepted send is kept, oldest first, and answered as PENDING with a status id.
 */
import { badRequest, notFound } from '../envelope.js';
import type { EmailStore } from './emails.js';
import type { IdSource } from './ids.js';
import { nowIso } from './ids.js';
import type { JsonObject } from './merge.js';

export interface Send {
  statusId: string;
  status: 'PENDING';
  requestedAt: string;
  emailId: number;
  to: string;
  request: JsonObject;
}

export class SendLog {
  readonly sends: Send[] = [];

  constructor(
    private readonly ids: IdSource,
    private readonly emails: EmailStore,
  ) {}

  send(request: { emailId: number; message: { to: string } } & JsonObject): Send {
    const id = String(request.emailId);
    const email = this.emails.find(id);
    if (!email || email.archived) throw notFound('Email', id);
    if (!email.isPublished)
      throw badRequest(`Email ${id} is not published; publish it before sending.`, 'body.emailId');
    const send: Send = {
      statusId: this.ids.guid(),
      status: 'PENDING',
      requestedAt: nowIso(),
      emailId: request.emailId,
      to: request.message.to,
      request: structuredClone(request),
    };
    this.sends.push(send);
    return send;
  }

  clear(): void {
    this.sends.length = 0;
  }
}
