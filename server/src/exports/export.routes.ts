import express, { type Request, type Response, type Router } from 'express';
import { principalOf } from '../auth/request-auth';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/unavailable';
import { localeFrom, restError, text } from '../errors';
import type { Services } from '../services';
import { contentDisposition } from './ledger-format';
import { parseLedgerRequest } from './ledger-request';
import { Ledger, type LedgerOptions } from './ledger.service';
import { isCancelled, writeLedgerCsv, writeLedgerXlsx } from './ledger-writer';

const SIGN_IN = text('请先登录：以 Authorization: Bearer <令牌> 或 API 密钥发送', 'sign in first: send Authorization: Bearer <token or API key>');
const BAD_FILTER = text('导出参数有误', 'the export’s parameters are invalid');
const FORMATS = text('台账导出为 projects.xlsx 或 projects.csv', 'the ledger exports as projects.xlsx or projects.csv');
const FAILED = text('导出失败', 'the export failed');

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** The address the client used, for absolute attachment links (Express reads forwarded headers under `trust proxy`). */
const baseUrlOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/**
 * `GET /exports/projects.xlsx` and `GET /exports/projects.csv` (Bearer token or API key): the ledger
 * (台账) of the projects the caller may list, with the `projects` query's filters as query parameters
 * and `lang=zh|en` (default from Accept-Language). Streams; `X-Total-Count` is the number of projects.
 */
export function exportsRouter(services: Services, tuning: Pick<LedgerOptions, 'pageSize' | 'onStatement'> = {}): Router {
  const router = express.Router();
  router.get('/projects.:format', async (req: Request, res: Response) => {
    const headerLocale = localeFrom(req.headers['accept-language']);
    const controller = new AbortController();
    // The client went away before the end: stop reading the database.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const principal = await principalOf(services, req);
      if (!principal) return restError(res, 401, 'UNAUTHENTICATED', SIGN_IN, headerLocale);
      const format = req.params.format;
      if (format !== 'xlsx' && format !== 'csv') return restError(res, 404, 'NOT_FOUND', FORMATS, headerLocale);
      const parsed = parseLedgerRequest(req.query as Record<string, unknown>, req.headers['accept-language']);
      if ('errors' in parsed) {
        const { locale, errors } = parsed;
        const message = `${BAD_FILTER[locale]}: ${errors.map((e) => `${e.path}: ${e.message[locale]}`).join('; ')}`;
        res.status(400).json({ error: { code: 'BAD_USER_INPUT', message, fieldErrors: errors.map((e) => ({ path: e.path, code: e.code, message: e.message[locale] })) } });
        return;
      }
      const { request } = parsed;
      const ledger = new Ledger(services.orm.em.fork(), principal, request, {
        baseUrl: baseUrlOf(req),
        utcOffsetMinutes: services.workCalendar?.utcOffsetMinutes ?? 480,
        signal: controller.signal,
        ...tuning,
      });
      const total = await ledger.total();
      const day = new Date(Date.now() + (services.workCalendar?.utcOffsetMinutes ?? 480) * 60_000).toISOString().slice(0, 10);
      res.status(200);
      res.setHeader('content-type', CONTENT_TYPES[format]);
      res.setHeader('content-disposition', contentDisposition(request.locale, day, format));
      res.setHeader('x-total-count', String(total));
      res.setHeader('access-control-expose-headers', 'X-Total-Count, Content-Disposition');
      res.setHeader('cache-control', 'no-store');
      res.setHeader('x-content-type-options', 'nosniff');
      const write = format === 'xlsx' ? writeLedgerXlsx : writeLedgerCsv;
      await write(ledger.sheets(), res, controller.signal);
    } catch (error) {
      if (isCancelled(error) || controller.signal.aborted) return;
      if (res.headersSent) {
        // Half a file must not look whole: break the connection.
        console.error('ledger export failed while streaming:', error);
        res.destroy(error as Error);
        return;
      }
      if (isDatabaseUnavailable(error)) return restError(res, 503, 'UNAVAILABLE', DATABASE_UNAVAILABLE, headerLocale);
      console.error('ledger export failed:', error);
      restError(res, 500, 'INTERNAL_SERVER_ERROR', FAILED, headerLocale);
    }
  });
  return router;
}
