import { defaultTheme, type RaThemeOptions } from 'react-admin';
import type { Theme } from '@mui/material/styles';

/**
 * react-admin's light theme with colours that reach 4.5:1 (WCAG AA) for text against white and the
 * page's #fafafb: white on every filled chip and the app bar, coloured text on outlined chips, links
 * and buttons, and secondary and helper text. MUI's defaults sit at 3.1–4.4:1.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: {
    ...defaultTheme.palette,
    primary: { main: '#1565c0', contrastText: '#fff' }, // 5.5:1 on #fafafb
    secondary: { light: '#5472d3', main: '#0d47a1', dark: '#002171', contrastText: '#fff' }, // the app bar: 8.6:1
    info: { main: '#01579b', contrastText: '#fff' }, // 7.4:1
    success: { main: '#2e7d32', contrastText: '#fff' }, // 5.1:1
    warning: { main: '#a84300', contrastText: '#fff' }, // 6.1:1
    error: { main: '#c62828', contrastText: '#fff' }, // 5.6:1
    text: { primary: 'rgba(0, 0, 0, 0.87)', secondary: 'rgba(0, 0, 0, 0.66)', disabled: 'rgba(0, 0, 0, 0.56)' },
  },
  components: {
    ...defaultTheme.components,
    RaLayout: {
      styleOverrides: {
        // react-admin lets the layout grow to its content (min-width: fit-content), and a flex item
        // grows to its widest line: on a phone the page would scroll sideways. There the content
        // wraps to the screen instead; wide tables scroll inside their own box.
        root: ({ theme: t }: { theme: Theme }) => ({
          [t.breakpoints.down('md')]: { minWidth: 0, '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content': { minWidth: 0 } },
        }),
      },
    },
  },
};
