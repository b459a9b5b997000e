import type { AttachmentRef, FieldDefinition, Locale } from '@phaseflow/forms';
import { DEFAULT_ATTACHMENT_MAX_BYTES, acceptsContentType, labelOf } from '@phaseflow/forms';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AttachFile from '@mui/icons-material/AttachFile';
import Delete from '@mui/icons-material/Delete';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { formatBytes } from '../common/format';
import { downloadAttachment, uploadAttachment, type UploadHandle } from '../providers/attachments';
import { useUploadScope } from './upload-context';

// a browser that cannot tell a file's type sends it as this, as the upload will
const contentTypeOf = (file: File) => file.type || 'application/octet-stream';

interface Upload {
  id: number;
  name: string;
  progress: number;
  handle?: UploadHandle;
}

export interface AttachmentInputProps {
  field: FieldDefinition;
  /** The field's path in the form data, sent with the upload: `evidence`, `members[0].photo`. */
  path: string;
  value: AttachmentRef[] | undefined;
  onChange: (value: AttachmentRef[] | undefined) => void;
  error?: string;
  disabled?: boolean;
  locale: Locale;
  dense?: boolean;
  testId?: string;
}

let uploadSequence = 0;

/**
 * Files for an attachment field: checked against the field's type, size and count limits here
 * first, then uploaded one by one with a progress bar; the field's value is the list of references.
 */
export const AttachmentInput = ({ field, path, value, onChange, error, disabled, locale, dense, testId }: AttachmentInputProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const scope = useUploadScope();
  const files = value ?? [];
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const inputRef = useRef<HTMLInputElement>(null);
  // uploads finish one after another: each must add to the files as they are then, not as they were
  const latest = useRef(files);
  latest.current = files;
  const uploadsRef = useRef(uploads);
  uploadsRef.current = uploads;

  useEffect(() => () => uploadsRef.current.forEach((upload) => upload.handle?.abort()), []);

  const label = labelOf(field.label, locale);
  const help = field.helpText ? labelOf(field.helpText, locale) : undefined;
  const maxFiles = field.maxFiles;
  const maxSize = field.maxSizeBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const room = maxFiles === undefined ? Infinity : maxFiles - files.length - uploads.length;
  const limits = [
    field.accept?.length ? field.accept.join(', ') : undefined,
    translate('pf.attachment.max_size', { size: formatBytes(maxSize) }),
    maxFiles !== undefined ? translate('pf.attachment.max_files', { smart_count: maxFiles }) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const base = testId ?? `attachment-${path}`;

  const add = (ref: AttachmentRef) => {
    latest.current = [...latest.current, ref];
    onChange(latest.current);
  };

  const start = (file: File) => {
    const id = ++uploadSequence;
    if (!scope) {
      // the designer's preview has no project to upload to: pretend, so the form behaves as it will
      add({ id: `preview-${id}`, name: file.name, size: file.size, contentType: contentTypeOf(file) });
      return;
    }
    const handle = uploadAttachment(file, { ...scope, field: path }, (progress) =>
      setUploads((current) => current.map((upload) => (upload.id === id ? { ...upload, progress } : upload))),
    );
    setUploads((current) => [...current, { id, name: file.name, progress: 0, handle }]);
    handle.promise
      .then((attachment) =>
        add({ id: attachment.id, name: attachment.name, size: attachment.size, contentType: attachment.contentType }),
      )
      .catch((reason: Error) => {
        if (reason.name === 'AbortError') return;
        setProblems((current) => [...current, translate('pf.attachment.failed', { name: file.name, message: reason.message })]);
      })
      .finally(() => setUploads((current) => current.filter((upload) => upload.id !== id)));
  };

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(event.target.files ?? []);
    event.target.value = '';
    const found: string[] = [];
    let left = room;
    for (const file of chosen) {
      if (!acceptsContentType(field.accept, contentTypeOf(file))) {
        found.push(translate('pf.attachment.wrong_type', { name: file.name, accept: field.accept?.join(', ') ?? '' }));
      } else if (file.size > maxSize) {
        found.push(translate('pf.attachment.too_big', { name: file.name, size: formatBytes(maxSize) }));
      } else if (left <= 0) {
        found.push(translate('pf.attachment.too_many', { name: file.name, smart_count: maxFiles ?? 0 }));
      } else {
        left -= 1;
        start(file);
      }
    }
    setProblems(found);
  };

  const download = (file: AttachmentRef) =>
    downloadAttachment(file).catch((reason: Error) => notify(reason.message, { type: 'error' }));

  const messages = [...problems, ...(error ? [error] : [])];
  return (
    <FormControl
      component="fieldset"
      error={messages.length > 0}
      disabled={disabled}
      required={Boolean(field.required)}
      fullWidth
      data-testid={base}
    >
      {!dense && <FormLabel component="legend">{label}</FormLabel>}
      <Stack spacing={0.75} sx={{ mt: dense ? 0 : 0.5 }}>
        {files.map((file, index) => (
          <Stack
            key={`${file.id}:${index}`}
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center' }}
            data-testid={`${base}-file-${index}`}
          >
            <AttachFile fontSize="small" color="action" />
            {scope && !file.id.startsWith('preview-') ? (
              <Link component="button" type="button" variant="body2" onClick={() => download(file)}>
                {file.name}
              </Link>
            ) : (
              <Typography variant="body2">{file.name}</Typography>
            )}
            <Typography variant="caption" color="text.secondary">
              {formatBytes(file.size)}
            </Typography>
            {!disabled && (
              <IconButton
                size="small"
                aria-label={translate('pf.attachment.remove', { name: file.name })}
                onClick={() => {
                  const next = files.filter((_, position) => position !== index);
                  onChange(next.length > 0 ? next : undefined);
                }}
                data-testid={`${base}-remove-${index}`}
              >
                <Delete fontSize="small" />
              </IconButton>
            )}
          </Stack>
        ))}
        {uploads.map((upload) => (
          <Box key={upload.id} data-testid={`${base}-progress`}>
            <Typography variant="caption">
              {translate('pf.attachment.uploading', { name: upload.name, percent: Math.round(upload.progress * 100) })}
            </Typography>
            <LinearProgress variant="determinate" value={upload.progress * 100} />
          </Box>
        ))}
        {!disabled && room > 0 && (
          <Box>
            <Button
              size="small"
              variant="outlined"
              startIcon={<AttachFile />}
              onClick={() => inputRef.current?.click()}
              aria-label={dense ? label : undefined}
            >
              {translate(files.length > 0 ? 'pf.attachment.add_more' : 'pf.attachment.choose')}
            </Button>
            <input
              ref={inputRef}
              type="file"
              hidden
              multiple={room > 1}
              accept={field.accept?.join(',')}
              onChange={choose}
              data-testid={`${base}-input`}
            />
          </Box>
        )}
      </Stack>
      {messages.map((message) => (
        <FormHelperText key={message}>{message}</FormHelperText>
      ))}
      {!dense && messages.length === 0 && (help || limits) && (
        <FormHelperText>{[help, limits].filter(Boolean).join(' — ')}</FormHelperText>
      )}
    </FormControl>
  );
};
