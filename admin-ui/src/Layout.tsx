import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, LoadingIndicator, LocalesMenuButton, TitlePortal } from 'react-admin';
import { LANGUAGES } from './i18n/i18n-provider';

const PhaseflowAppBar = () => (
  <AppBar
    toolbar={
      <>
        <LocalesMenuButton languages={LANGUAGES} />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal />
  </AppBar>
);

export const Layout = ({ children }: { children: ReactNode }) => <RaLayout appBar={PhaseflowAppBar}>{children}</RaLayout>;
