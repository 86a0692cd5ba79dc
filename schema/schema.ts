import {
  boolean,
  createBuilder,
  createSchema,
  json,
  number,
  type Row,
  relationships,
  string,
  table,
} from '@rocicorp/zero';
import type { Role } from './roles.ts';
import type { ThreadControl } from './thread-control.ts';
import type { MessageStatus } from './whatsapp/message-status.ts';

export type Direction = 'in' | 'out';
/** 'closed' only on rows of earlier releases; see schema/conversation-lifecycle.ts. */
export type ConversationState = 'open' | 'pending' | 'resolved' | 'closed';

const settings = table('settings')
  .columns({
    id: string(),
    chatsEnabled: boolean().from('chats_enabled'),
    handledDailyGoal: number().from('handled_daily_goal'),
    autoAssign: boolean().from('auto_assign'),
    autoAssignCap: number().from('auto_assign_cap'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('id');

const channel = table('channel')
  .columns({
    id: string(),
    slot: number(),
    source: string(),
    displayPhoneNumber: string().from('display_phone_number'),
    phoneNumberId: string().from('phone_number_id'),
    wabaId: string().from('waba_id'),
    graphUrl: string().from('graph_url'),
    mode: string<'meta' | 'simulator'>(),
    health: string<'unknown' | 'ok' | 'token_expired' | 'not_registered' | 'error'>(),
    healthError: string().from('health_error').optional(),
    healthChangedAt: number().from('health_changed_at').optional(),
    healthCheckedAt: number().from('health_checked_at').optional(),
    verifiedName: string().from('verified_name').optional(),
    qualityRating: string().from('quality_rating').optional(),
    sendsPaused: boolean().from('sends_paused'),
    rateLimitPerSecond: number().from('rate_limit_per_second'),
    /** What Meta reported about the account (violation, restriction, ban), for the health banner. */
    accountAlert: string().from('account_alert').optional(),
    accountAlertAt: number().from('account_alert_at').optional(),
    bsuidAddressField: string<'recipient' | 'to'>().from('bsuid_address_field'),
    createdAt: number().from('created_at'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('id');

const operator = table('operator')
  .columns({
    id: string(),
    name: string(),
    email: string(),
    role: string<Role>(),
    canSendTemplates: boolean().from('can_send_templates'),
    channelScope: json<string[]>().from('channel_scope').optional(),
    active: boolean(),
    presence: string<'online' | 'away' | 'offline'>(),
    lastSeenAt: number().from('last_seen_at').optional(),
    createdAt: number().from('created_at'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('id');

const contact = table('contact')
  .columns({
    id: string(),
    waId: string().from('wa_id'),
    profileName: string().from('profile_name'),
    phone: string(),
    username: string(),
    marketingOptOut: boolean().from('marketing_opt_out'),
    marketingPrefAt: number().from('marketing_pref_at').optional(),
    email: string(),
    companyName: string().from('company_name'),
    notes: string(),
    createdAt: number().from('created_at'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('id');

const conversation = table('conversation')
  .columns({
    id: string(),
    number: number(),
    source: string(),
    channelId: string().from('channel_id'),
    contactId: string().from('contact_id'),
    state: string<ConversationState>(),
    businessNumber: string().from('business_number'),
    participantName: string().from('participant_name'),
    participantPhone: string().from('participant_phone'),
    lastOperatorId: string().from('last_operator_id').optional(),
    lastOperatorName: string().from('last_operator_name').optional(),
    lastMessageId: string().from('last_message_id').optional(),
    lastMessagePreview: string().from('last_message_preview'),
    lastMessageAt: number().from('last_message_at').optional(),
    lastMessageDirection: string<Direction>().from('last_message_direction').optional(),
    lastMessageStatus: string<MessageStatus>().from('last_message_status').optional(),
    lastMessageError: string().from('last_message_error').optional(),
    unreadCount: number().from('unread_count'),
    awaitingReply: boolean().from('awaiting_reply'),
    awaitingSince: number().from('awaiting_since').optional(),
    customerLastMessageAt: number().from('customer_last_message_at').optional(),
    /** While pending: when it reopens by itself (null: when the customer writes). */
    snoozedUntil: number().from('snoozed_until').optional(),
    resolvedAt: number().from('resolved_at').optional(),
    resolvedBy: string().from('resolved_by').optional(),
    assigneeId: string().from('assignee_id').optional(),
    assigneeName: string().from('assignee_name').optional(),
    assignedAt: number().from('assigned_at').optional(),
    /** Meta's Conversation Routing: who answers the customer (schema/thread-control.ts); null: no routing seen. */
    threadControl: string<ThreadControl>().from('thread_control').optional(),
    threadControlAt: number().from('thread_control_at').optional(),
    /** Messages Meta reported as billed (statuses' pricing). */
    billableCount: number().from('billable_count'),
    createdAt: number().from('created_at'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('id');

export type ConversationEventKind =
  | 'assigned'
  | 'unassigned'
  | 'resolved'
  | 'reopened'
  | 'snoozed'
  | 'taken_over'
  | 'handed_back'
  | 'control_passed'
  | 'control_taken'
  | 'control_failed'
  | 'merged';

const conversationEvent = table('conversationEvent')
  .from('conversation_event')
  .columns({
    id: string(),
    conversationId: string().from('conversation_id'),
    kind: string<ConversationEventKind>(),
    actorId: string().from('actor_id').optional(),
    actorName: string().from('actor_name').optional(),
    operatorId: string().from('operator_id').optional(),
    operatorName: string().from('operator_name').optional(),
    until: number().optional(),
    reason: string<'operator' | 'customer' | 'snooze'>().optional(),
    /** control_taken: who holds the thread now; control_failed: which action and Meta's error. */
    detail: string().optional(),
    at: number(),
  })
  .primaryKey('id');

const attachment = table('attachment')
  .columns({
    id: string(),
    filename: string(),
    mimeType: string().from('mime_type'),
    sizeBytes: number().from('size_bytes').optional(),
    sha256: string().optional(),
    storageKey: string().from('storage_key').optional(),
    metaMediaId: string().from('meta_media_id').optional(),
    state: string<'pending' | 'ready' | 'failed'>(),
    error: string().optional(),
    uploadedBy: string().from('uploaded_by').optional(),
    createdAt: number().from('created_at'),
  })
  .primaryKey('id');

const message = table('message')
  .columns({
    id: string(),
    conversationId: string().from('conversation_id'),
    wamid: string().optional(),
    direction: string<Direction>(),
    type: string(),
    body: string(),
    payload: json().optional(),
    attachmentId: string().from('attachment_id').optional(),
    replyToWamid: string().from('reply_to_wamid').optional(),
    replyToMessageId: string().from('reply_to_message_id').optional(),
    forwarded: boolean(),
    frequentlyForwarded: boolean().from('frequently_forwarded'),
    status: string<MessageStatus>(),
    sentAt: number().from('sent_at').optional(),
    deliveredAt: number().from('delivered_at').optional(),
    readAt: number().from('read_at').optional(),
    failedAt: number().from('failed_at').optional(),
    errorCode: number().from('error_code').optional(),
    errorTitle: string().from('error_title').optional(),
    errorDetail: string().from('error_detail').optional(),
    operatorId: string().from('operator_id').optional(),
    templateName: string().from('template_name').optional(),
    templateLanguage: string().from('template_language').optional(),
    templateParams: json().from('template_params').optional(),
    createdAt: number().from('created_at'),
    receivedAt: number().from('received_at'),
    /** Order of first arrival: breaks ties of Meta's whole-second timestamps (null for some outbound rows). */
    arrival: number().optional(),
    /** business_app (typed on the phone), business_agent (Meta's AI), standby, call; see migration 011. */
    origin: string().optional(),
    editedAt: number().from('edited_at').optional(),
    deletedAt: number().from('deleted_at').optional(),
    pricingCategory: string().from('pricing_category').optional(),
    pricingType: string().from('pricing_type').optional(),
    billable: boolean().optional(),
  })
  .primaryKey('id');

const messageReaction = table('messageReaction')
  .from('message_reaction')
  .columns({
    id: string(),
    messageId: string().from('message_id'),
    conversationId: string().from('conversation_id'),
    actor: string(),
    emoji: string(),
    createdAt: number().from('created_at'),
  })
  .primaryKey('id');

const channelStats = table('channelStats')
  .from('channel_stats')
  .columns({
    channelId: string().from('channel_id'),
    waitingCount: number().from('waiting_count'),
    unreadCount: number().from('unread_count'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('channelId');

/** Per business number and day (YYYY-MM-DD, workspace time zone): messages Meta billed. */
const channelDayStats = table('channelDayStats')
  .from('channel_day_stats')
  .columns({
    id: string(),
    channelId: string().from('channel_id'),
    day: string(),
    billableCount: number().from('billable_count'),
  })
  .primaryKey('id');

const operatorDayStats = table('operatorDayStats')
  .from('operator_day_stats')
  .columns({
    id: string(),
    operatorId: string().from('operator_id'),
    day: string(),
    handledCount: number().from('handled_count'),
    repliesCount: number().from('replies_count'),
    resolvedCount: number().from('resolved_count'),
  })
  .primaryKey('id');

const whatsappTemplate = table('whatsappTemplate')
  .from('whatsapp_template')
  .columns({
    id: string(),
    wabaId: string().from('waba_id'),
    metaId: string().from('meta_id').optional(),
    name: string(),
    language: string(),
    category: string(),
    status: string(),
    parameterFormat: string<'POSITIONAL' | 'NAMED'>().from('parameter_format'),
    components: json(),
    rejectedReason: string().from('rejected_reason').optional(),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('id');

const company = table('company').columns({ id: string(), name: string() }).primaryKey('id');

const requestTemplate = table('requestTemplate')
  .from('request_template')
  .columns({ id: string(), name: string(), defaultStatus: string().from('default_status') })
  .primaryKey('id');

export type RequestStatus = 'new' | 'open' | 'pending' | 'resolved' | 'closed';

const request = table('request')
  .columns({
    id: string(),
    code: string(),
    name: string(),
    companyId: string().from('company_id').optional(),
    requestTemplateId: string().from('request_template_id').optional(),
    contactId: string().from('contact_id').optional(),
    description: string(),
    status: string<RequestStatus>(),
    priority: string<'low' | 'normal' | 'high' | 'urgent'>(),
    originConversationId: string().from('origin_conversation_id').optional(),
    originMessageId: string().from('origin_message_id').optional(),
    createdBy: string().from('created_by').optional(),
    createdAt: number().from('created_at'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('id');

const tag = table('tag').columns({ id: string(), name: string(), color: string() }).primaryKey('id');

const requestTag = table('requestTag')
  .from('request_tag')
  .columns({ requestId: string().from('request_id'), tagId: string().from('tag_id') })
  .primaryKey('requestId', 'tagId');

const requestPost = table('requestPost')
  .from('request_post')
  .columns({
    id: string(),
    requestId: string().from('request_id'),
    authorId: string().from('author_id').optional(),
    body: string(),
    sourceMessageId: string().from('source_message_id').optional(),
    createdAt: number().from('created_at'),
  })
  .primaryKey('id');

const requestAttachment = table('requestAttachment')
  .from('request_attachment')
  .columns({
    requestId: string().from('request_id'),
    attachmentId: string().from('attachment_id'),
    createdAt: number().from('created_at'),
  })
  .primaryKey('requestId', 'attachmentId');

const savedFilter = table('savedFilter')
  .from('saved_filter')
  .columns({
    id: string(),
    operatorId: string().from('operator_id'),
    name: string(),
    shared: boolean(),
    filter: json(),
    createdAt: number().from('created_at'),
  })
  .primaryKey('id');

const cannedResponse = table('cannedResponse')
  .from('canned_response')
  .columns({
    id: string(),
    /** null: shared by the whole team. */
    ownerId: string().from('owner_id').optional(),
    shortcut: string(),
    title: string(),
    body: string(),
    createdAt: number().from('created_at'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('id');

const conversationDraft = table('conversationDraft')
  .from('conversation_draft')
  .columns({
    operatorId: string().from('operator_id'),
    conversationId: string().from('conversation_id'),
    body: string(),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('operatorId', 'conversationId');

const conversationViewer = table('conversationViewer')
  .from('conversation_viewer')
  .columns({
    operatorId: string().from('operator_id'),
    conversationId: string().from('conversation_id'),
    operatorName: string().from('operator_name'),
    seenAt: number().from('seen_at'),
    typingUntil: number().from('typing_until').optional(),
  })
  .primaryKey('operatorId', 'conversationId');

/** A colleague named in an internal note (@Olga), until they open the conversation. */
/** Where a merged conversation went (its row is gone): links, tabs and open threads follow it. */
const conversationMerge = table('conversationMerge')
  .from('conversation_merge')
  .columns({
    sourceId: string().from('source_id'),
    sourceNumber: number().from('source_number'),
    sourceLabel: string().from('source_label'),
    targetId: string().from('target_id'),
    actorId: string().from('actor_id').optional(),
    actorName: string().from('actor_name').optional(),
    at: number(),
  })
  .primaryKey('sourceId');

const noteMention = table('noteMention')
  .from('note_mention')
  .columns({
    messageId: string().from('message_id'),
    operatorId: string().from('operator_id'),
    conversationId: string().from('conversation_id'),
    authorId: string().from('author_id').optional(),
    authorName: string().from('author_name'),
    createdAt: number().from('created_at'),
    seenAt: number().from('seen_at').optional(),
  })
  .primaryKey('messageId', 'operatorId');

const operatorPreference = table('operatorPreference')
  .from('operator_preference')
  .columns({
    operatorId: string().from('operator_id'),
    chatsColumns: json<string[]>().from('chats_columns').optional(),
    operatorsColumns: json<string[]>().from('operators_columns').optional(),
    summaryOpen: boolean().from('summary_open'),
    openTabs: json<string[]>().from('open_tabs'),
    alertSound: boolean().from('alert_sound'),
    alertDesktop: boolean().from('alert_desktop'),
    updatedAt: number().from('updated_at'),
  })
  .primaryKey('operatorId');

const auditLog = table('auditLog')
  .from('audit_log')
  .columns({
    id: string(),
    at: number(),
    actorId: string().from('actor_id').optional(),
    action: string(),
    target: string().optional(),
    details: json().optional(),
  })
  .primaryKey('id');

const conversationRelationships = relationships(conversation, ({ one, many }) => ({
  channel: one({ sourceField: ['channelId'], destField: ['id'], destSchema: channel }),
  contact: one({ sourceField: ['contactId'], destField: ['id'], destSchema: contact }),
  messages: many({ sourceField: ['id'], destField: ['conversationId'], destSchema: message }),
  events: many({ sourceField: ['id'], destField: ['conversationId'], destSchema: conversationEvent }),
  requests: many({ sourceField: ['id'], destField: ['originConversationId'], destSchema: request }),
}));

const contactRelationships = relationships(contact, ({ many }) => ({
  conversations: many({ sourceField: ['id'], destField: ['contactId'], destSchema: conversation }),
  requests: many({ sourceField: ['id'], destField: ['contactId'], destSchema: request }),
}));

const conversationEventRelationships = relationships(conversationEvent, ({ one }) => ({
  conversation: one({ sourceField: ['conversationId'], destField: ['id'], destSchema: conversation }),
}));

const messageRelationships = relationships(message, ({ one, many }) => ({
  conversation: one({ sourceField: ['conversationId'], destField: ['id'], destSchema: conversation }),
  attachment: one({ sourceField: ['attachmentId'], destField: ['id'], destSchema: attachment }),
  operator: one({ sourceField: ['operatorId'], destField: ['id'], destSchema: operator }),
  reactions: many({ sourceField: ['id'], destField: ['messageId'], destSchema: messageReaction }),
  replyTo: one({ sourceField: ['replyToMessageId'], destField: ['id'], destSchema: message }),
}));

const requestRelationships = relationships(request, ({ one, many }) => ({
  company: one({ sourceField: ['companyId'], destField: ['id'], destSchema: company }),
  contact: one({ sourceField: ['contactId'], destField: ['id'], destSchema: contact }),
  tags: many(
    { sourceField: ['id'], destField: ['requestId'], destSchema: requestTag },
    { sourceField: ['tagId'], destField: ['id'], destSchema: tag },
  ),
  posts: many({ sourceField: ['id'], destField: ['requestId'], destSchema: requestPost }),
  attachments: many(
    { sourceField: ['id'], destField: ['requestId'], destSchema: requestAttachment },
    { sourceField: ['attachmentId'], destField: ['id'], destSchema: attachment },
  ),
  originConversation: one({
    sourceField: ['originConversationId'],
    destField: ['id'],
    destSchema: conversation,
  }),
}));

const conversationMergeRelationships = relationships(conversationMerge, ({ one }) => ({
  target: one({ sourceField: ['targetId'], destField: ['id'], destSchema: conversation }),
}));

const noteMentionRelationships = relationships(noteMention, ({ one }) => ({
  message: one({ sourceField: ['messageId'], destField: ['id'], destSchema: message }),
  conversation: one({ sourceField: ['conversationId'], destField: ['id'], destSchema: conversation }),
}));

const requestPostRelationships = relationships(requestPost, ({ one }) => ({
  author: one({ sourceField: ['authorId'], destField: ['id'], destSchema: operator }),
}));

export const schema = createSchema({
  tables: [
    settings,
    channel,
    operator,
    contact,
    conversation,
    conversationEvent,
    attachment,
    message,
    messageReaction,
    channelStats,
    channelDayStats,
    operatorDayStats,
    whatsappTemplate,
    company,
    requestTemplate,
    request,
    tag,
    requestTag,
    requestPost,
    requestAttachment,
    savedFilter,
    operatorPreference,
    cannedResponse,
    conversationDraft,
    conversationViewer,
    noteMention,
    conversationMerge,
    auditLog,
  ],
  relationships: [
    conversationRelationships,
    contactRelationships,
    conversationEventRelationships,
    messageRelationships,
    requestRelationships,
    requestPostRelationships,
    noteMentionRelationships,
    conversationMergeRelationships,
  ],
  enableLegacyQueries: false,
  enableLegacyMutators: false,
});

export const zql = createBuilder(schema);

export type Schema = typeof schema;
export type Settings = Row<typeof schema.tables.settings>;
export type Channel = Row<typeof schema.tables.channel>;
export type Operator = Row<typeof schema.tables.operator>;
export type Contact = Row<typeof schema.tables.contact>;
export type Conversation = Row<typeof schema.tables.conversation>;
export type ConversationEvent = Row<typeof schema.tables.conversationEvent>;
export type ConversationMerge = Row<typeof schema.tables.conversationMerge>;
export type NoteMention = Row<typeof schema.tables.noteMention>;
export type Message = Row<typeof schema.tables.message>;
export type Attachment = Row<typeof schema.tables.attachment>;
export type WhatsappTemplate = Row<typeof schema.tables.whatsappTemplate>;
export type Request = Row<typeof schema.tables.request>;
export type SavedFilter = Row<typeof schema.tables.savedFilter>;
export type OperatorPreference = Row<typeof schema.tables.operatorPreference>;
export type CannedResponse = Row<typeof schema.tables.cannedResponse>;
