import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Divider from '@mui/material/Divider';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState, type ReactNode } from 'react';
import { ListButton, Show, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { formatDate } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type { Project, ProjectStage } from '../types';
import { AuditTrail } from './AuditTrail';
import { CancelProjectButton } from './CancelProjectButton';
import { DecisionHistory } from './DecisionHistory';
import { GateDecisionPanel } from './GateDecisionPanel';
import { GateStatusPanel } from './GateStatusPanel';
import { ProjectHeader } from './ProjectHeader';
import { StageChip } from './StatusChips';
import { StageFormPanel } from './StageFormPanel';
import { StageStepper } from './StageStepper';
import { SubmissionDiff } from './SubmissionDiff';
import { SubmissionHistory } from './SubmissionHistory';

const TABS = ['form', 'submissions', 'decisions', 'audit'] as const;
type TabName = (typeof TABS)[number];

const ProjectTitle = () => {
  const project = useRecordContext<Project>();
  return <span>{project ? `${project.code} ${project.title}` : ''}</span>;
};

const ProjectShowActions = () => (
  <TopToolbar>
    <CancelProjectButton />
    <ListButton />
  </TopToolbar>
);

const TabPanel = ({ name, current, children }: { name: TabName; current: TabName; children: ReactNode }) => (
  <Box role="tabpanel" id={`project-tabpanel-${name}`} aria-labelledby={`project-tab-${name}`} hidden={name !== current} sx={{ pt: 2 }}>
    {name === current && children}
  </Box>
);

const CurrentStage = ({ project, stage }: { project: Project; stage: ProjectStage }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  // remount on a new revision or status so the inputs show what the server now holds
  const formKey = `${project.id}:${stage.key}:${stage.status}:${stage.latestSubmission?.id ?? 'none'}`;
  return (
    <Stack spacing={3} data-testid="current-stage" data-stage-key={stage.key} data-stage-status={stage.status}>
      <Stack sx={{ alignItems: 'center', flexWrap: 'wrap' }} direction="row" spacing={1.5} useFlexGap>
        <Typography variant="h6" component="h2">
          {stage.name}
        </Typography>
        <StageChip status={stage.status} overdue={stage.overdue} />
        {stage.dueAt && (
          <Typography variant="body2" color={stage.overdue ? 'error' : 'text.secondary'}>
            {translate('pf.project.due', { date: formatDate(stage.dueAt, locale) })}
          </Typography>
        )}
      </Stack>
      <GateStatusPanel project={project} stage={stage} />
      <Divider />
      {/* an approver decides on what was submitted: the decision comes before the long form */}
      {project.viewerCan?.decide && (
        <>
          {stage.latestSubmission?.diff && <SubmissionDiff submission={stage.latestSubmission} />}
          <GateDecisionPanel project={project} stage={stage} />
          <Divider />
        </>
      )}
      <StageFormPanel key={formKey} project={project} stage={stage} />
    </Stack>
  );
};

const ProjectShowLayout = () => {
  const project = useRecordContext<Project>();
  const translate = useTranslate();
  const [tab, setTab] = useState<TabName>('form');
  if (!project) return null;
  // the list's lighter record may be shown while the full one loads
  if (!project.stages || !project.viewerCan) {
    return (
      <CardContent>
        <ProjectHeader project={project} />
        <LinearProgress sx={{ mt: 3 }} />
      </CardContent>
    );
  }

  return (
    <CardContent>
      <Stack spacing={3}>
        <ProjectHeader project={project} />
        <Card variant="outlined" sx={{ py: 2, overflowX: 'auto' }}>
          <StageStepper project={project} />
        </Card>
        <Box>
          <Tabs
            value={tab}
            onChange={(_, value: TabName) => setTab(value)}
            variant="scrollable"
            allowScrollButtonsMobile
            sx={{ borderBottom: 1, borderColor: 'divider' }}
          >
            {TABS.map((name) => (
              <Tab
                key={name}
                value={name}
                label={translate(`pf.project.tabs.${name}`)}
                id={`project-tab-${name}`}
                aria-controls={`project-tabpanel-${name}`}
                data-testid={`project-tab-${name}`}
              />
            ))}
          </Tabs>
          <TabPanel name="form" current={tab}>
            {project.currentStage ? (
              <CurrentStage project={project} stage={project.currentStage} />
            ) : (
              <Typography color="text.secondary">{translate('pf.project.no_current_stage')}</Typography>
            )}
          </TabPanel>
          <TabPanel name="submissions" current={tab}>
            <SubmissionHistory project={project} />
          </TabPanel>
          <TabPanel name="decisions" current={tab}>
            <DecisionHistory project={project} />
          </TabPanel>
          <TabPanel name="audit" current={tab}>
            <AuditTrail project={project} />
          </TabPanel>
        </Box>
      </Stack>
    </CardContent>
  );
};

export const ProjectShow = () => (
  <Show title={<ProjectTitle />} actions={<ProjectShowActions />}>
    <ProjectShowLayout />
  </Show>
);
