import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useQuery, useZero } from '@rocicorp/zero/react';
import { IconArrowLeft, IconSearch } from '@tabler/icons-react';
import { memo, useMemo, useState } from 'react';
import { mutators } from '../../schema/mutators.ts';
import { queries } from '../../schema/queries.ts';
import type { WhatsappTemplate } from '../../schema/schema.ts';
import { isMarketingToUsNumber } from '../../schema/whatsapp/marketing-to-us.ts';
import {
  listTemplateVariables,
  renderTemplateText,
  type TemplateValues,
  validateTemplateValues,
} from '../../schema/whatsapp/render-template.ts';
import { ct } from '../i18n/conversation-strings.ts';
import { buttonParamsFor, type FormValues, inputOf, matchesTemplate, paramsFor } from './template-form.ts';

export const TemplatePicker = memo(function TemplatePicker({
  opened,
  onClose,
  conversationId,
  customerName,
  customerPhone = '',
}: {
  opened: boolean;
  onClose: () => void;
  conversationId: string;
  customerName: string;
  /** As shown on the conversation (+…), for Meta's rules on who may get which category. */
  customerPhone?: string;
}) {
  const z = useZero();
  const [templates] = useQuery(queries.templates.list());
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<WhatsappTemplate | null>(null);
  const [values, setValues] = useState<FormValues>({});
  const [mediaLink, setMediaLink] = useState('');
  const [error, setError] = useState<string | null>(null);

  const approved = useMemo(
    () => templates.filter((t) => t.status.toUpperCase() === 'APPROVED' && matchesTemplate(t, search)),
    [templates, search],
  );

  const close = () => {
    setChosen(null);
    setValues({});
    setMediaLink('');
    setError(null);
    onClose();
  };

  const choose = (t: WhatsappTemplate) => {
    const form = listTemplateVariables(inputOf(t));
    // The customer's first name is the usual first variable: prefill what we know, the rest stays empty.
    const first = customerName.split(/\s+/)[0] ?? '';
    const initial: FormValues = {};
    for (const v of form.variables) {
      if (/name/i.test(v.key) && first) initial[`${v.component}:${v.key}`] = first;
    }
    setValues(initial);
    setMediaLink('');
    setError(null);
    setChosen(t);
  };

  const input = chosen ? inputOf(chosen) : null;
  const form = input ? listTemplateVariables(input) : null;
  const templateValues: TemplateValues | null = input
    ? {
        body: paramsFor(input, values, 'body') ?? [],
        ...(paramsFor(input, values, 'header') ? { header: paramsFor(input, values, 'header') } : {}),
        ...(form?.headerMedia ? { headerMedia: { link: mediaLink } } : {}),
        ...(buttonParamsFor(input, values) ? { buttons: buttonParamsFor(input, values) } : {}),
      }
    : null;
  const problems = input && templateValues ? validateTemplateValues(input, templateValues) : [];
  const preview = input && templateValues ? renderTemplateText(input, templateValues) : '';

  const send = async () => {
    if (!chosen || !input || problems.length > 0) return;
    const id = crypto.randomUUID();
    const headerParams = paramsFor(input, values, 'header');
    const buttonParams = buttonParamsFor(input, values);
    const result = z.mutate(
      mutators.messages.sendTemplate({
        id,
        conversationId,
        templateId: chosen.id,
        params: paramsFor(input, values, 'body') ?? [],
        ...(headerParams ? { headerParams } : {}),
        ...(buttonParams ? { buttonParams } : {}),
        ...(form?.headerMedia ? { headerMedia: { link: mediaLink.trim() } } : {}),
        now: Date.now(),
      }),
    );
    const local = await result.client;
    if (local.type === 'error') {
      setError(local.error.message);
      return;
    }
    close();
  };

  return (
    <Modal opened={opened} onClose={close} title={ct.templates.title} size="lg" data-testid="template-picker">
      {!chosen ? (
        <Stack gap="sm">
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder={ct.templates.search}
            aria-label={ct.templates.search}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-autofocus
            data-testid="template-search"
          />
          <ScrollArea.Autosize mah={420}>
            <Stack gap={6}>
              {approved.length === 0 && (
                <Text c="dimmed" size="sm">
                  {ct.templates.none}
                </Text>
              )}
              {approved.map((t) => (
                <UnstyledButton
                  key={t.id}
                  onClick={() => choose(t)}
                  data-testid="template-option"
                  data-name={t.name}
                >
                  <Paper withBorder p="xs" radius="sm">
                    <Group justify="space-between" wrap="nowrap">
                      <Text fw={600} size="sm">
                        {t.name}
                      </Text>
                      <Group gap={4}>
                        <Badge size="xs" variant="light">
                          {t.language}
                        </Badge>
                        <Badge size="xs" variant="light" color="grape">
                          {t.category}
                        </Badge>
                      </Group>
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {renderTemplateText(inputOf(t), {})}
                    </Text>
                  </Paper>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Group gap="xs">
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconArrowLeft size={14} />}
              onClick={() => setChosen(null)}
            >
              {ct.templates.back}
            </Button>
            <Text fw={600}>{chosen.name}</Text>
            <Badge size="xs">{chosen.language}</Badge>
            <Badge size="xs" color="grape">
              {chosen.category}
            </Badge>
          </Group>
          {isMarketingToUsNumber(chosen.category, customerPhone) && (
            <Alert color="orange" data-testid="marketing-us-warning">
              {ct.templates.marketingToUs}
            </Alert>
          )}
          {form && form.unsupported.length > 0 && (
            <Alert color="orange" title={ct.templates.cannotSend}>
              {form.unsupported.join(' ')}
            </Alert>
          )}
          {form && (form.variables.length > 0 || form.headerMedia) && (
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                {ct.templates.variables}
              </Text>
              {form.headerMedia && (
                <TextInput
                  label={ct.templates.headerMedia(form.headerMedia)}
                  value={mediaLink}
                  onChange={(e) => setMediaLink(e.currentTarget.value)}
                />
              )}
              {form.variables.map((v) => (
                <TextInput
                  key={`${v.component}:${v.key}`}
                  label={
                    v.component === 'button'
                      ? ct.templates.buttonLink(v.buttonText ?? String(Number(v.key) + 1))
                      : `${v.component === 'header' ? 'Header ' : ''}${v.placeholder}`
                  }
                  placeholder={v.example ?? ''}
                  value={values[`${v.component}:${v.key}`] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setValues((old) => ({ ...old, [`${v.component}:${v.key}`]: value }));
                  }}
                  data-testid="template-variable"
                />
              ))}
            </Stack>
          )}
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {ct.templates.preview}
            </Text>
            <Paper
              withBorder
              p="sm"
              radius="md"
              bg="var(--mantine-color-green-light)"
              data-testid="template-preview"
              style={{ whiteSpace: 'pre-wrap' }}
            >
              <Text size="sm">{preview}</Text>
            </Paper>
          </Stack>
          {problems.length > 0 && (
            <Text size="xs" c="orange.8" data-testid="template-problems">
              {problems.join(' ')}
            </Text>
          )}
          {error && <Alert color="red">{error}</Alert>}
          <Group justify="flex-end">
            <Button onClick={() => void send()} disabled={problems.length > 0} data-testid="template-send">
              {ct.templates.send}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
});
