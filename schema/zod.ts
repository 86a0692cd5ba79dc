// The validators in schema/ run in the browser as well as on the server, so they are written with
// zod/mini: the classic API's method chains pull in all of classic zod (~25 kB gzipped of the Chats
// route's initial JavaScript, issue 12), where mini's functions tree-shake to what is used.
// Mini loads no locale of its own, so its issues would read "Invalid input": the English messages that
// classic zod installs when imported are installed here too, so a schema's messages are the same in the
// browser and on the server whichever API built it (classic and mini share one configuration).
import { config, locales } from 'zod/mini';

config(locales.en());

export * as z from 'zod/mini';
