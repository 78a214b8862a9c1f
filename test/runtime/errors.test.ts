/**
 * How error answers become typed errors: HubSpot's JSON envelope, non-JSON and empty bodies, and the status
 * classes.
 */
import { describe, expect, it } from 'vitest';
import {
  HubSpotApiError,
  HubSpotBadRequestError,
  HubSpotConflictError,
  HubSpotConnectionError,
  HubSpotError,
  HubSpotForbiddenError,
  HubSpotNotFoundError,
  HubSpotServerError,
} from '../../generated/client/index.js';
import { clientFor, rejectionOf, useFaultServer } from './helpers.js';

const server = useFaultServer();

const HTML =
  '<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>Oops</body></html>';

describe('error bodies', () => {
  it('turns an HTML 500 into HubSpotServerError with the status and a snippet of the body', async () => {
    const s = server.current;
    s.reply({ status: 500, text: HTML, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const { client } = clientFor(s);

    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '42' } }));

    expect(error).toBeInstanceOf(HubSpotServerError);
    expect(error).toBeInstanceOf(HubSpotApiError);
    expect(error).toBeInstanceOf(HubSpotError);
    const e = error as HubSpotServerError;
    expect(e.status).toBe(500);
    expect(e.kind).toBe('server');
    expect(e.method).toBe('GET');
    expect(e.url).toBe(`${s.url}/marketing/v3/emails/42`);
    expect(e.body).toBe(HTML);
    expect(e.message).toContain('GET');
    expect(e.message).toContain('/marketing/v3/emails/42');
    expect(e.message).toContain('500');
    expect(e.message).toContain('500 Internal Server Error');
    expect(e.errors).toEqual([]);
    expect(e.category).toBeUndefined();
    expect(e.response?.status).toBe(500);
  });

  it('turns an empty 500 into HubSpotServerError with a message naming the status', async () => {
    const s = server.current;
    s.reply({ status: 500 });
    const { client } = clientFor(s);

    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '42' } }));

    expect(error).toBeInstanceOf(HubSpotServerError);
    const e = error as HubSpotServerError;
    expect(e.status).toBe(500);
    expect(e.message).toContain('failed with 500');
    expect(e.message).toContain('HTTP 500');
    expect(e.message).toContain('/marketing/v3/emails/42');
  });

  it('takes the correlation id from the header when the body has none', async () => {
    const s = server.current;
    s.reply({
      status: 502,
      text: 'Bad Gateway',
      headers: { 'x-hubspot-correlation-id': 'corr-from-header' },
    });
    const { client } = clientFor(s);

    const error = await rejectionOf(
      client.marketingEmails.getMarketingEmail({ path: { emailId: '42' } }, { maxRetries: 0 }),
    );

    expect(error).toBeInstanceOf(HubSpotServerError);
    expect((error as HubSpotServerError).correlationId).toBe('corr-from-header');
    expect((error as HubSpotServerError).message).toContain('Bad Gateway');
  });

  it('turns a JSON 400 envelope into HubSpotBadRequestError with category, correlationId and errors[]', async () => {
    const envelope = {
      status: 'error',
      message: 'Property values were not valid',
      correlationId: '7b1a5f0e-9e0c-4f3e-8d61-3c1b1f3a9c11',
      category: 'VALIDATION_ERROR',
      subCategory: 'INVALID_PROPERTY',
      context: { properties: ['hs_start_date'] },
      links: { knowledgeBase: 'https://example.invalid/kb' },
      errors: [
        {
          message: 'hs_start_date must be a date',
          code: 'INVALID_DATE',
          in: 'hs_start_date',
          context: { propertyName: ['hs_start_date'] },
        },
        { message: 'hs_name is required', code: 'REQUIRED_FIELD', in: 'hs_name' },
      ],
    };
    const s = server.current;
    s.reply({ status: 400, json: envelope });
    const { client } = clientFor(s);

    const error = await rejectionOf(
      client.campaigns.createCampaign({ body: { properties: { hs_start_date: 'tomorrow' } } }),
    );

    expect(error).toBeInstanceOf(HubSpotBadRequestError);
    const e = error as HubSpotBadRequestError;
    expect(e.status).toBe(400);
    expect(e.kind).toBe('bad_request');
    expect(e.actionId).toBe('createCampaign');
    expect(e.method).toBe('POST');
    expect(e.category).toBe('VALIDATION_ERROR');
    expect(e.subCategory).toBe('INVALID_PROPERTY');
    expect(e.correlationId).toBe('7b1a5f0e-9e0c-4f3e-8d61-3c1b1f3a9c11');
    expect(e.context).toEqual({ properties: ['hs_start_date'] });
    expect(e.links).toEqual({ knowledgeBase: 'https://example.invalid/kb' });
    expect(e.errors).toEqual(envelope.errors);
    expect(e.body).toEqual(envelope);
    expect(e.message).toContain('400');
    expect(e.message).toContain('VALIDATION_ERROR');
    expect(e.message).toContain('Property values were not valid');
    expect(s.requests).toHaveLength(1);
  });

  it.each([
    [403, HubSpotForbiddenError, 'forbidden'],
    [404, HubSpotNotFoundError, 'not_found'],
    [409, HubSpotConflictError, 'conflict'],
    [422, HubSpotBadRequestError, 'bad_request'],
    [418, HubSpotApiError, 'other'],
  ] as const)('maps %i to its error class', async (status, errorClass, kind) => {
    const s = server.current;
    s.reply({ status, json: { status: 'error', message: `status ${status}`, category: 'SOME_CATEGORY' } });
    const { client } = clientFor(s);

    const error = await rejectionOf(client.marketingEmails.getMarketingEmail({ path: { emailId: '42' } }));

    expect(error).toBeInstanceOf(errorClass);
    expect((error as HubSpotApiError).kind).toBe(kind);
    expect((error as HubSpotApiError).status).toBe(status);
    expect((error as HubSpotApiError).message).toContain(`status ${status}`);
    expect(s.requests).toHaveLength(1);
  });

  it('does not report a 200 with a malformed JSON body as a connection that could not be sent', async () => {
    const s = server.current;
    s.reply({ status: 200, text: '{"id": ', headers: { 'content-type': 'application/json' } });
    const { client } = clientFor(s);

    const error = await rejectionOf(
      client.campaigns.createCampaign({ body: { properties: { hs_name: 'x' } } }),
    );

    // The request was sent and answered: calling it a connection failure invites a caller to resend a POST.
    expect(error).toBeInstanceOf(HubSpotError);
    expect(error).not.toBeInstanceOf(HubSpotConnectionError);
    expect((error as HubSpotError).message).not.toContain('could not be sent');
    expect(s.requests).toHaveLength(1);
  });

  it('resolves a 204 without a body to undefined', async () => {
    const s = server.current;
    s.reply({ status: 204 });
    const { client } = clientFor(s);

    await expect(
      client.marketingEmails.publishMarketingEmail({ path: { emailId: '42' } }),
    ).resolves.toBeUndefined();
    expect(s.requests[0]).toMatchObject({ method: 'POST', url: '/marketing/v3/emails/42/publish' });
  });
});
