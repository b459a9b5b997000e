import { labelOf } from '@phaseflow/forms';
import express, { type Router } from 'express';
import type { GraphQLError } from 'graphql';
import { principalOf } from '../auth/request-auth';
import { ProjectTypeSchema, UnitSchema } from '../db/entities';
import { localeFrom, messageIn, restError, text } from '../errors';
import type { Services } from '../services';
import { bulletinFor } from './bulletin.service';
import { bulletinWorkbook } from './bulletin-xlsx';

/** `GET /bulletins/:id.xlsx` (Bearer): a bulletin's ranking sheet; `?lang=zh|en` or Accept-Language picks the headers. */
export function bulletinRouter(services: Services): Router {
  const router = express.Router();
  router.get('/:file', async (req, res, next) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const locale = lang === 'en' || lang === 'zh' ? lang : localeFrom(req.headers['accept-language']);
    const match = /^(.+)\.xlsx$/.exec(req.params.file);
    // Anything else under /bulletins is the console's page of that name.
    if (!match) return next();
    const principal = await principalOf(services, req);
    if (!principal) {
      restError(res, 401, 'UNAUTHENTICATED', text('请先登录：以 Authorization: Bearer <令牌> 发送', 'sign in first: send Authorization: Bearer <token>'), locale);
      return;
    }
    const em = services.orm.em.fork();
    try {
      const bulletin = await bulletinFor({ principal, em, locale, services }, match[1]);
      const [type, scope] = await Promise.all([
        em.findOne(ProjectTypeSchema, { key: bulletin.typeKey }, { orderBy: { version: 'desc' } }),
        em.findOneOrFail(UnitSchema, { id: bulletin.scopeUnitId }),
      ]);
      const body = await bulletinWorkbook(bulletin, type ? labelOf(type.name, locale) : bulletin.typeKey, locale === 'zh' ? scope.nameZh : scope.nameEn, locale);
      res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="bulletin-${bulletin.typeKey}-${bulletin.month}-${bulletin.level.toLowerCase()}.xlsx"`);
      res.send(body);
    } catch (error) {
      const code = (error as GraphQLError).extensions?.code;
      if (code === 'NOT_FOUND') {
        res.status(404).json({ error: { code, message: messageIn(error as GraphQLError, locale) } });
        return;
      }
      console.error('bulletin download failed:', error);
      restError(res, 500, 'INTERNAL_SERVER_ERROR', text('服务器内部错误', 'internal server error'), locale);
    }
  });
  return router;
}
