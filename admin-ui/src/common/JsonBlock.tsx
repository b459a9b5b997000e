import Box from '@mui/material/Box';

/** Pretty-printed JSON in a scrollable monospace block. */
export const JsonBlock = ({ value, maxHeight = 320 }: { value: unknown; maxHeight?: number }) => (
  <Box
    component="pre"
    sx={{
      m: 0,
      p: 1.5,
      maxHeight,
      overflow: 'auto',
      fontSize: 12,
      fontFamily: 'monospace',
      bgcolor: 'action.hover',
      borderRadius: 1,
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-word',
    }}
  >
    {value === undefined || value === null ? '—' : JSON.stringify(value, null, 2)}
  </Box>
);
