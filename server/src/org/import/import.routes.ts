import express, { type Router } from 'express';
import { localeFrom } from '../../graphql/context';
import type { Services } from '../../services';
import { writeCsv, writeXlsx } from './import-table';

/**
 * `GET /org/import/template.csv` and `GET /org/import/template.xlsx` (Bearer): the empty import
 * table; the XLSX has a second sheet that explains every column in both languages.
 */
export function orgImportRouter(services: Services): Router {
  const router = express.Router();
  router.get('/template.:format', async (req, res) => {
    const principal = await services.auth.authenticate(req.headers.authorization);
    const en = localeFrom(req.headers['accept-language']) === 'en';
    if (!principal) {
      res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: en ? 'sign in first: send Authorization: Bearer <token>' : '请先登录：以 Authorization: Bearer <令牌> 发送' } });
      return;
    }
    try {
      if (req.params.format === 'csv') {
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', 'attachment; filename="organisation-template.csv"');
        res.send(writeCsv([]));
      } else if (req.params.format === 'xlsx') {
        res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('content-disposition', 'attachment; filename="organisation-template.xlsx"');
        res.send(await writeXlsx([]));
      } else {
        res.status(404).json({ error: { code: 'NOT_FOUND', message: en ? 'the template comes as .csv or .xlsx' : '模板只有 .csv 和 .xlsx 两种' } });
      }
    } catch (error) {
      console.error('import template failed:', error);
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal server error' } });
    }
  });
  return router;
}
