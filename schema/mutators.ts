import { defineMutators } from '@rocicorp/zero';
import './context.ts';
import { cannedResponseMutators } from './mutators/canned-responses.ts';
import { conversationMutators } from './mutators/conversations.ts';
import { customerMutators } from './mutators/customers.ts';
import { draftMutators } from './mutators/drafts.ts';
import { filterMutators } from './mutators/filters.ts';
import { messageMutators } from './mutators/messages.ts';
import { noteMutators } from './mutators/notes.ts';
import { preferencesMutators } from './mutators/preferences.ts';
import { presenceMutators } from './mutators/presence.ts';
import { requestMutators } from './mutators/requests.ts';
import { settingsMutators } from './mutators/settings.ts';
import { templateMutators } from './mutators/templates.ts';
import { viewerMutators } from './mutators/viewers.ts';

// Names are part of the wire protocol and of queued offline writes: keep them stable across releases.
export const mutators = defineMutators({
  preferences: preferencesMutators,
  presence: presenceMutators,
  filters: filterMutators,
  requests: requestMutators,
  settings: settingsMutators,
  messages: messageMutators,
  conversations: conversationMutators,
  templates: templateMutators,
  cannedResponses: cannedResponseMutators,
  drafts: draftMutators,
  viewers: viewerMutators,
  customers: customerMutators,
  notes: noteMutators,
});
