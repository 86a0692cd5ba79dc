// The simulated WhatsApp Business Account's message templates (what Meta Business Suite would hold).
// The first two match the demo seed's stored copies; the others cover headers, buttons and statuses.
import type { MetaTemplate } from '../../schema/whatsapp/template-schema.ts';

export const SIMULATOR_TEMPLATES: readonly MetaTemplate[] = [
  {
    id: '1011000000000001',
    name: 'order_update',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'BODY',
        text: 'Hello {{1}}, your order {{2}} is on its way.',
        example: { body_text: [['Jessica', 'SKB-42']] },
      },
      { type: 'FOOTER', text: 'CDESK demo' },
    ],
  },
  {
    id: '1011000000000002',
    name: 'hello_again',
    language: 'en_US',
    status: 'APPROVED',
    category: 'MARKETING',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{first_name}}, we are following up on your request. Reply to continue.',
        example: { body_text_named_params: [{ param_name: 'first_name', example: 'Jessica' }] },
      },
    ],
  },
  {
    id: '1011000000000003',
    name: 'delivery_photo',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://example.com/parcel.jpg'] } },
      {
        type: 'BODY',
        text: 'Your parcel {{1}} was delivered. Here is the photo.',
        example: { body_text: [['SKB-42']] },
      },
    ],
  },
  {
    id: '1011000000000004',
    name: 'appointment_reminder',
    language: 'cs',
    status: 'APPROVED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Připomínka' },
      {
        type: 'BODY',
        text: 'Dobrý den {{1}}, čekáme vás {{2}} na pobočce.',
        example: { body_text: [['Jano', 'zítra v 10:00']] },
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Potvrzuji' },
          { type: 'QUICK_REPLY', text: 'Změnit termín' },
        ],
      },
    ],
  },
  {
    id: '1011000000000005',
    name: 'spring_sale',
    language: 'en_US',
    status: 'PENDING',
    category: 'MARKETING',
    parameter_format: 'POSITIONAL',
    components: [{ type: 'BODY', text: 'Spring sale: 20 % off everything this week!' }],
  },
  {
    id: '1011000000000006',
    name: 'account_alert',
    language: 'en_US',
    status: 'REJECTED',
    category: 'UTILITY',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'Your account {{1}} needs attention.', example: { body_text: [['12345']] } },
    ],
  },
];
