import type { EntityManager } from '@mikro-orm/postgresql';
import {
  acceptsContentType,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  MAX_ATTACHMENT_BYTES,
  type FieldDefinition,
  type FieldError,
  type FormDefinition,
} from '@phaseflow/forms';
import express, { type Request, type Response, type Router } from 'express';
import multer from 'multer';
import { createHash, randomUUID } from 'node:crypto';
import { grantsOn, visibleProject } from '../access/access.service';
import type { Principal } from '../access/principal';
import { principalOf } from '../auth/request-auth';
import { AttachmentSchema, ProjectTypeSchema } from '../db/entities';
import { isUuid } from '../ids';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../db/unavailable';
import type { Services } from '../services';
import { fieldError, localeFrom, restError, text, THING, type ErrorCode, type Text } from '../errors';

type Failure = { status: number; code: ErrorCode | 'INTERNAL_SERVER_ERROR'; message: Text };

/** Answers a refused request in its own language. */
function fail(req: Request, res: Response, { status, code, message }: Failure): void {
  restError(res, status, code, message, localeFrom(req.headers['accept-language']));
}

const SIGN_IN = text('请先登录：以 Authorization: Bearer <令牌> 发送令牌', 'sign in first: send Authorization: Bearer <token>');
const NO_ATTACHMENT = text('没有此附件', 'no such attachment');
const FILE_TOO_LARGE: Failure = {
  status: 413,
  code: 'BAD_USER_INPUT',
  message: text(`文件最大为 ${MAX_ATTACHMENT_BYTES} 字节`, `a file may be at most ${MAX_ATTACHMENT_BYTES} bytes`),
};
/** Room in a multipart body for its boundaries, headers and the small fields beside the file. */
const MULTIPART_ALLOWANCE = 64 * 1024;


/** The attachment field a path such as `evidence` or `members[2].photo` names in a form. */
export function attachmentFieldAt(form: FormDefinition, path: string): FieldDefinition | null {
  const match = /^([A-Za-z][A-Za-z0-9_]*)(?:\[(\d+)\]\.([A-Za-z][A-Za-z0-9_]*))?$/.exec(path);
  if (!match) return null;
  const field = form.fields.find((f) => f.key === match[1]);
  if (!field) return null;
  const target = match[3] ? field.type === 'table' ? field.columns?.find((c) => c.key === match[3]) : undefined : field;
  return target?.type === 'attachment' ? target : null;
}

/** The project if the principal may see it; null (answered 404) otherwise, as if it did not exist. */
async function visible(em: EntityManager, principal: Principal, projectId: string) {
  try {
    return await visibleProject(em, principal, projectId);
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error;
    return null;
  }
}

/**
 * `POST /attachments` (multipart: file, projectId, stageKey, field) stores a file for an attachment
 * field of the project's current stage, within that field's limits; `GET /attachments/:id` returns it.
 * Files live in PostgreSQL, so every API replica serves every file.
 */
export function attachmentsRouter(services: Services): Router {
  const router = express.Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10 } });

  router.post('/', async (req, res) => {
    // The token and the declared size are checked before multer reads a byte of the body; Node then
    // discards the unread body. (Closing the connection instead breaks clients still sending it: EPIPE.)
    const principal = await principalOf(services, req).catch((caught: unknown) => {
      console.error('attachment upload failed:', caught);
      return undefined;
    });
    if (principal === undefined) return fail(req, res, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: text('无法保存上传的文件', 'the upload could not be stored') });
    if (!principal) return fail(req, res, { status: 401, code: 'UNAUTHENTICATED', message: SIGN_IN });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_ATTACHMENT_BYTES + MULTIPART_ALLOWANCE) return fail(req, res, FILE_TOO_LARGE);
    const stored = async (error: unknown) => {
      try {
        if (error) {
          if ((error as { code?: string }).code === 'LIMIT_FILE_SIZE') return fail(req, res, FILE_TOO_LARGE);
          return fail(req, res, {
            status: 400,
            code: 'BAD_USER_INPUT',
            message: text(`上传的内容格式不正确（${(error as { code?: string }).code ?? 'multipart'}）`, `the upload is malformed: ${(error as Error).message}`),
          });
        }
        const { projectId, stageKey, field: fieldPath } = req.body as Record<string, string | undefined>;
        const file = req.file;
        if (!file) {
          return fail(req, res, { status: 400, code: 'BAD_USER_INPUT', message: text('file：请在名为“file”的 multipart 字段中发送文件', 'file: send the file in a multipart field named "file"') });
        }
        if (!isUuid(projectId)) return fail(req, res, { status: 400, code: 'BAD_USER_INPUT', message: text('projectId：须提供项目 id', 'projectId: a project id is required') });
        const em = services.orm.em.fork();
        const found = await visible(em, principal, projectId);
        if (!found) {
          return fail(req, res, { status: 404, code: 'NOT_FOUND', message: text(`${THING.project.zh}“${projectId}”不存在`, `${THING.project.en} "${projectId}" does not exist`) });
        }
        const { project, access } = found;
        if (!grantsOn(principal, access).fillForms) {
          return fail(req, res, {
            status: 403,
            code: 'FORBIDDEN',
            message: text(
              '只有项目组成员、牵头领导以及本单位的经办人和管理员可以向此项目上传文件',
              'only the team, the lead, and the unit’s operators and admins may upload to this project',
            ),
          });
        }
        if (project.status !== 'ACTIVE' || project.currentStageKey !== stageKey) {
          return fail(req, res, {
            status: 409,
            code: 'CONFLICT',
            message: text(`阶段“${stageKey}”不是项目的当前阶段`, `stage "${stageKey}" is not the current stage of the project`),
          });
        }
        const type = await em.findOneOrFail(ProjectTypeSchema, { id: project.typeId });
        const stage = type.definition.stages.find((s) => s.key === stageKey)!;
        const field = attachmentFieldAt(stage.form, fieldPath ?? '');
        if (!field) {
          return fail(req, res, {
            status: 400,
            code: 'BAD_USER_INPUT',
            message: text(`field：“${fieldPath}”不是阶段“${stageKey}”的附件字段`, `field: "${fieldPath}" is not an attachment field of stage "${stageKey}"`),
          });
        }
        const limit = Math.min(field.maxSizeBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES, MAX_ATTACHMENT_BYTES);
        if (file.size > limit) {
          return fail(req, res, {
            status: 413,
            code: 'BAD_USER_INPUT',
            message: text(
              `${fieldPath}：“${file.originalname}”有 ${file.size} 字节；此字段最多接受 ${limit} 字节`,
              `${fieldPath}: "${file.originalname}" is ${file.size} bytes; this field takes at most ${limit}`,
            ),
          });
        }
        if (!acceptsContentType(field.accept, file.mimetype)) {
          const accepted = field.accept!.join(', ');
          return fail(req, res, {
            status: 415,
            code: 'BAD_USER_INPUT',
            message: text(
              `${fieldPath}：此处不接受 ${file.mimetype} 类型的文件（可接受：${accepted}）`,
              `${fieldPath}: files of type ${file.mimetype} are not accepted here (${accepted})`,
            ),
          });
        }
        const attachment = em.create(AttachmentSchema, {
          id: randomUUID(),
          projectId,
          stageKey: stageKey!,
          fieldPath: fieldPath!.replace(/\[\d+\]/, '[]'),
          name: Buffer.from(file.originalname, 'latin1').toString('utf8').slice(0, 255),
          contentType: file.mimetype,
          size: file.size,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          content: file.buffer,
          uploadedBy: principal.id,
          createdAt: new Date(),
        });
        await em.flush();
        res.status(201).json({ id: attachment.id, name: attachment.name, size: attachment.size, contentType: attachment.contentType, createdAt: attachment.createdAt });
      } catch (caught) {
        if (isDatabaseUnavailable(caught)) return fail(req, res, { status: 503, code: 'UNAVAILABLE', message: DATABASE_UNAVAILABLE });
        console.error('attachment upload failed:', caught);
        fail(req, res, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: text('无法保存上传的文件', 'the upload could not be stored') });
      }
    };
    // Multer calls back without awaiting: the handler catches everything itself, so the promise is voided.
    upload.single('file')(req, res, (error: unknown) => void stored(error));
  });

  router.get('/:id', async (req, res) => {
    try {
      const principal = await principalOf(services, req);
      if (!principal) return fail(req, res, { status: 401, code: 'UNAUTHENTICATED', message: SIGN_IN });
      if (!isUuid(req.params.id)) return fail(req, res, { status: 404, code: 'NOT_FOUND', message: NO_ATTACHMENT });
      const em = services.orm.em.fork();
      const attachment = await em.findOne(AttachmentSchema, { id: req.params.id });
      // A file of a project the principal may not see does not exist for it.
      if (!attachment || !(await visible(em, principal, attachment.projectId))) return fail(req, res, { status: 404, code: 'NOT_FOUND', message: NO_ATTACHMENT });
      const content = await attachment.content.loadOrFail();
      res.setHeader('content-type', attachment.contentType);
      res.setHeader('content-length', String(attachment.size));
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.name)}`);
      res.setHeader('x-content-type-options', 'nosniff');
      res.end(Buffer.from(content));
    } catch (caught) {
      if (isDatabaseUnavailable(caught)) return fail(req, res, { status: 503, code: 'UNAVAILABLE', message: DATABASE_UNAVAILABLE });
      console.error('attachment download failed:', caught);
      fail(req, res, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: text('无法读取附件', 'the attachment could not be read') });
    }
  });

  return router;
}

/**
 * Every attachment reference in submitted data must be a file uploaded to this project and stage
 * for that field, with the same name, size and type; returns the problems with their paths.
 */
export async function checkAttachmentRefs(em: EntityManager, projectId: string, stageKey: string, form: FormDefinition, data: Record<string, unknown>): Promise<FieldError[]> {
  const refs: { path: string; fieldPath: string; ref: unknown }[] = [];
  for (const field of form.fields) {
    const value = data[field.key];
    if (field.type === 'attachment' && Array.isArray(value)) {
      value.forEach((ref, i) => refs.push({ path: `${field.key}[${i}]`, fieldPath: field.key, ref }));
    }
    if (field.type === 'table' && Array.isArray(value)) {
      value.forEach((row, r) => {
        for (const column of field.columns ?? []) {
          const cell = (row as Record<string, unknown> | null)?.[column.key];
          if (column.type === 'attachment' && Array.isArray(cell)) {
            cell.forEach((ref, i) => refs.push({ path: `${field.key}[${r}].${column.key}[${i}]`, fieldPath: `${field.key}[].${column.key}`, ref }));
          }
        }
      });
    }
  }
  if (refs.length === 0) return [];
  const ids = refs.map(({ ref }) => (ref as { id?: unknown })?.id).filter(isUuid);
  const stored = new Map((await em.find(AttachmentSchema, { id: { $in: ids }, projectId })).map((a) => [a.id, a]));
  const errors: FieldError[] = [];
  for (const { path, fieldPath, ref } of refs) {
    const { id, name, size, contentType } = (ref ?? {}) as Record<string, unknown>;
    const file = typeof id === 'string' ? stored.get(id) : undefined;
    if (!file || file.stageKey !== stageKey || file.fieldPath !== fieldPath) {
      errors.push(fieldError(path, text('不是上传到此项目此字段的文件', 'is not a file uploaded to this field of this project'), 'unknown_attachment'));
    } else if (file.name !== name || file.size !== size || file.contentType !== contentType) {
      errors.push(fieldError(path, text('与上传的文件不符（名称、大小或类型不同）', 'does not match the uploaded file (name, size or type differ)'), 'unknown_attachment'));
    }
  }
  return errors;
}
