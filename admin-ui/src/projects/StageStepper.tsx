import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { formatDate } from '../common/format';
import { useUiLocale } from '../common/useUiLocale';
import type { Project } from '../types';

/** The project's stages in order: status and due date under each, overdue ones in red. */
export const StageStepper = ({ project }: { project: Project }) => {
  const translate = useTranslate();
  const locale = useUiLocale();
  const stages = [...(project.stages ?? [])].sort((a, b) => a.position - b.position);
  const currentIndex = project.currentStage
    ? stages.findIndex((stage) => stage.key === project.currentStage?.key)
    : project.status === 'COMPLETED'
      ? stages.length
      : -1;

  return (
    <Stepper activeStep={currentIndex} alternativeLabel data-testid="stage-stepper" data-current-stage={project.currentStage?.key ?? ''}>
      {stages.map((stage, index) => (
        <Step
          key={stage.key}
          completed={stage.status === 'APPROVED' || stage.status === 'SKIPPED'}
          data-testid={`stage-step-${stage.key}`}
          data-status={stage.status}
          data-current={index === currentIndex ? 'true' : 'false'}
        >
          <StepLabel
            error={stage.overdue || stage.status === 'REJECTED'}
            optional={
              <>
                <Typography variant="caption" component="div" color="text.secondary">
                  {translate(`pf.stageStatus.${stage.status}`, { _: stage.status })}
                </Typography>
                {stage.dueAt && (
                  <Typography
                    variant="caption"
                    component="div"
                    color={stage.overdue ? 'error' : 'text.secondary'}
                    sx={{ fontWeight: stage.overdue ? 'bold' : undefined }}
                  >
                    {translate('pf.project.due', { date: formatDate(stage.dueAt, locale) })}
                    {stage.overdue && ` · ${translate('pf.project.overdue')}`}
                  </Typography>
                )}
              </>
            }
          >
            {stage.name}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
};
