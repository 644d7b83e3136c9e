/**
 * Every word of the pages the api renders without JavaScript (pages.controller.ts): the
 * "Safest" page, the form without JavaScript and the neutral quick-exit page, in each interface
 * language. One place, one shape per language: a missing key fails to compile, and
 * page-text.spec.ts checks that no text is empty. Placeholders: `{max}` (a number, formatted
 * by the page's locale). Tor Browser's own button names are kept in English in quotes ("Safer",
 * "Save and restart"): its interface is often English in these languages, and the name then
 * matches what the person sees. Review by native speakers: docs/portal.md "Safest level".
 */
import { type RequestType, type UiLanguage, UI_LANGUAGES } from '@ashar/domain';

/** The interface languages, as `?lang=` spells them (libs/domain's UI_LANGUAGES). */
export const PAGE_LANGUAGES = UI_LANGUAGES;
export type PageLanguage = UiLanguage;

export interface WeatherSection {
  readonly heading: string;
  readonly text: string;
}

export interface PageText {
  /** The document title of every page here but the exit page: the portal's neutral title (`quickExit.neutralTitle`). */
  readonly neutralTitle: string;
  readonly languages: string;
  readonly quickExit: string;

  readonly safestHeading: string;
  readonly safestWhy: string;
  readonly safestTor: string;
  readonly howHeading: string;
  readonly steps: readonly [string, string, string, string];
  readonly levelNote: string;
  readonly otherBrowser: string;
  readonly formHeading: string;
  readonly formAbout: string;
  readonly formLink: string;

  readonly formTitle: string;
  readonly weakerWarning: string;
  readonly noFiles: string;
  readonly kindLabel: string;
  readonly kinds: Readonly<Record<RequestType, string>>;
  readonly countryLabel: string;
  readonly languageLabel: string;
  readonly textLabel: string;
  readonly textHelp: string;
  readonly contactLabel: string;
  readonly contactHelp: string;
  readonly submit: string;
  readonly choose: string;

  readonly sentTitle: string;
  readonly codeLabel: string;
  readonly codeKeep: string;
  readonly followUp: string;
  readonly followUpLink: string;

  readonly errorTitle: string;
  readonly errorInvalid: string;
  readonly errorTooLong: string;
  readonly errorBusy: string;
  readonly errorUnavailable: string;

  readonly weatherTitle: string;
  readonly weatherLead: string;
  readonly weather: readonly WeatherSection[];
}

const en: PageText = {
  neutralTitle: 'Notes',
  languages: 'Language',
  quickExit: 'Leave this site quickly',

  safestHeading: 'This page needs JavaScript',
  safestWhy:
    'To keep what you write safe, this website encrypts your request inside your browser before it is sent. Nobody can read it on the way, not even this website’s server. Only the team that helps you can open it. Your browser does this encryption with JavaScript, and JavaScript is turned off right now.',
  safestTor: 'If you use Tor Browser, its security level is probably set to “Safest” (the highest of its three levels). At that level JavaScript is off on every website.',
  howHeading: 'How to change the security level in Tor Browser',
  steps: [
    'Click the shield icon in the toolbar, to the right of the address bar, then “Settings…”. Or open the menu ☰ → Settings → Privacy & Security → Security Level.',
    'Choose the middle level, “Safer”. This website works at “Safer”: JavaScript is on, and the most dangerous features stay off.',
    'Confirm with “Save and restart”. Tor Browser restarts and closes your open tabs, so write down the address of this page first.',
    'Open this page again. When you have finished, set the level back to “Safest” the same way.',
  ],
  levelNote:
    'Tor Browser applies the security level to every website, not only to this one, and there is no setting that changes it for one site only that we can honestly recommend. Older versions of Tor Browser change the level without a restart: then simply reload this page.',
  otherBrowser: 'In another browser, turn JavaScript on in its settings (often under “Site settings” or “Privacy”), then reload this page.',
  formHeading: 'If you cannot turn JavaScript on',
  formAbout:
    'You can send a short request through a simple form that works without JavaScript. It is less safe than the normal way: your text reaches our server readable, and the server encrypts it as soon as it arrives. The server does not store or record it unencrypted, but whoever controls the server at that moment could read it.',
  formLink: 'Open the form without JavaScript',

  formTitle: 'Send a request without JavaScript',
  weakerWarning:
    'This form is less safe than the normal way. Without JavaScript your browser cannot encrypt, so the text you send reaches our server readable (protected on the way by Tor or HTTPS). The server encrypts it at once for the team that helps you and never stores or records it unencrypted, but at that moment whoever controls the server could read it. If you can, use the normal way at the “Safer” level instead.',
  noFiles: 'Files cannot be sent with this form.',
  kindLabel: 'What kind of help do you need?',
  kinds: { psychological: 'Psychological support', legal: 'Legal help', medical: 'Medical help', relocation: 'Moving to a safe place' },
  countryLabel: 'Your country',
  languageLabel: 'Which language should we answer in?',
  textLabel: 'Describe what is happening and what you need',
  textHelp: 'Up to {max} characters. Do not write your full name or address unless you must.',
  contactLabel: 'How can we reach you? (optional)',
  contactHelp: 'For example your username on Signal or Telegram. Leave it empty if you will check for an answer yourself with your receipt code.',
  submit: 'Send',
  choose: 'Choose…',

  sentTitle: 'Your request was sent',
  codeLabel: 'Your receipt code',
  codeKeep:
    'Write this code down now and keep it somewhere safe. It is shown only once: we do not keep it and cannot show it again. Anyone who has it can read your request and the answers.',
  followUp: 'To read the answer or to reply, open this website at the “Safer” or “Standard” level (with JavaScript on), go to the page for following up on a request and enter the code.',
  followUpLink: 'Follow up on a request',

  errorTitle: 'Your request was not sent',
  errorInvalid: 'Some answers are missing or not valid. Nothing was sent or stored. Check the form below.',
  errorTooLong: 'Your text is too long. Nothing was sent or stored. Shorten it to {max} characters and send it again.',
  errorBusy: 'Too many requests are arriving through this form right now. Nothing was sent or stored. Try again in a few minutes, or use the normal way with JavaScript.',
  errorUnavailable: 'Your request could not be sent right now. Nothing was stored. Try again later.',

  weatherTitle: 'Reading a weather forecast',
  weatherLead: 'A short guide to the symbols and numbers in an everyday forecast.',
  weather: [
    {
      heading: 'Temperature',
      text: 'Forecasts give the highest temperature of the day and the lowest of the night. The “feels like” figure adds the effect of wind and humidity: a windy 5 °C can feel like 0 °C.',
    },
    {
      heading: 'Chance of rain',
      text: 'A 40 % chance of rain means that on days like this one, rain falls somewhere in the area four times out of ten. It does not say how long it will rain or how hard. Look at the expected amount in millimetres for that.',
    },
    {
      heading: 'Wind',
      text: 'Wind speed is an average over ten minutes; gusts are short peaks above it. Above 50 km/h, branches move and walking against the wind is hard.',
    },
    { heading: 'Pressure', text: 'Falling air pressure often brings clouds and rain within a day or two; rising pressure usually means clearer skies.' },
  ],
};

const ru: PageText = {
  neutralTitle: 'Заметки',
  languages: 'Язык',
  quickExit: 'Быстро уйти с сайта',

  safestHeading: 'Этой странице нужен JavaScript',
  safestWhy:
    'Чтобы защитить то, что вы пишете, этот сайт шифрует ваше обращение прямо в вашем браузере, ещё до отправки. По дороге его никто не может прочитать, даже сервер этого сайта. Открыть его может только команда, которая вам помогает. Браузер шифрует с помощью JavaScript, а сейчас JavaScript выключен.',
  safestTor: 'Если вы пользуетесь Tor Browser, скорее всего, в нём выбран уровень безопасности «Safest» (самый высокий из трёх). На этом уровне JavaScript выключен на всех сайтах.',
  howHeading: 'Как изменить уровень безопасности в Tor Browser',
  steps: [
    'Нажмите на значок щита на панели инструментов, справа от адресной строки, затем «Settings…» («Настройки…»). Или откройте меню ☰ → Настройки → Приватность и защита → Уровень безопасности (Security Level).',
    'Выберите средний уровень, «Safer». На этом уровне сайт работает: JavaScript включён, а самые опасные функции остаются выключенными.',
    'Подтвердите кнопкой «Save and restart» («Сохранить и перезапустить»). Tor Browser перезапустится и закроет открытые вкладки, поэтому сначала запишите адрес этой страницы.',
    'Снова откройте эту страницу. Когда закончите, тем же способом верните уровень «Safest».',
  ],
  levelNote:
    'Tor Browser применяет уровень безопасности ко всем сайтам, а не только к этому. Способа изменить его только для одного сайта, который мы могли бы честно посоветовать, нет. В старых версиях Tor Browser уровень меняется без перезапуска: тогда просто обновите эту страницу.',
  otherBrowser: 'В другом браузере включите JavaScript в его настройках (обычно в разделе «Настройки сайтов» или «Конфиденциальность») и обновите эту страницу.',
  formHeading: 'Если вы не можете включить JavaScript',
  formAbout:
    'Можно отправить короткое обращение через простую форму, которая работает без JavaScript. Это менее безопасно, чем обычный путь: ваш текст доходит до нашего сервера в открытом виде, и сервер шифрует его сразу при получении. Сервер не хранит и не записывает его в открытом виде, но тот, кто в этот момент контролирует сервер, мог бы его прочитать.',
  formLink: 'Открыть форму без JavaScript',

  formTitle: 'Обращение без JavaScript',
  weakerWarning:
    'Эта форма менее безопасна, чем обычный путь. Без JavaScript ваш браузер не может шифровать, поэтому текст доходит до нашего сервера в открытом виде (по дороге его защищает Tor или HTTPS). Сервер сразу шифрует его для команды, которая вам помогает, и никогда не хранит и не записывает его в открытом виде, но в этот момент тот, кто контролирует сервер, мог бы его прочитать. Если можете, лучше воспользуйтесь обычным путём на уровне «Safer».',
  noFiles: 'Файлы через эту форму отправить нельзя.',
  kindLabel: 'Какая помощь вам нужна?',
  kinds: { psychological: 'Психологическая поддержка', legal: 'Юридическая помощь', medical: 'Медицинская помощь', relocation: 'Переезд в безопасное место' },
  countryLabel: 'Ваша страна',
  languageLabel: 'На каком языке вам ответить?',
  textLabel: 'Опишите, что происходит и что вам нужно',
  textHelp: 'До {max} знаков. Не пишите полное имя или адрес, если в этом нет необходимости.',
  contactLabel: 'Как с вами связаться? (необязательно)',
  contactHelp: 'Например, имя пользователя в Signal или Telegram. Оставьте поле пустым, если будете сами проверять ответ по коду квитанции.',
  submit: 'Отправить',
  choose: 'Выберите…',

  sentTitle: 'Ваше обращение отправлено',
  codeLabel: 'Ваш код квитанции',
  codeKeep:
    'Запишите этот код сейчас и храните его в надёжном месте. Он показывается только один раз: мы его не храним и не сможем показать снова. Любой, у кого есть этот код, может прочитать ваше обращение и ответы.',
  followUp: 'Чтобы прочитать ответ или ответить, откройте этот сайт на уровне «Safer» или «Standard» (с включённым JavaScript), перейдите на страницу проверки обращения и введите код.',
  followUpLink: 'Проверить обращение',

  errorTitle: 'Обращение не отправлено',
  errorInvalid: 'Некоторые ответы не заполнены или заполнены неверно. Ничего не отправлено и не сохранено. Проверьте форму ниже.',
  errorTooLong: 'Текст слишком длинный. Ничего не отправлено и не сохранено. Сократите его до {max} знаков и отправьте снова.',
  errorBusy: 'Сейчас через эту форму приходит слишком много обращений. Ничего не отправлено и не сохранено. Попробуйте снова через несколько минут или воспользуйтесь обычным путём с JavaScript.',
  errorUnavailable: 'Сейчас отправить обращение не получилось. Ничего не сохранено. Попробуйте позже.',

  weatherTitle: 'Как читать прогноз погоды',
  weatherLead: 'Короткое пояснение к значкам и числам обычного прогноза.',
  weather: [
    {
      heading: 'Температура',
      text: 'Прогноз даёт самую высокую температуру днём и самую низкую ночью. Значение «ощущается как» учитывает ветер и влажность: в ветреную погоду +5 °C могут ощущаться как 0 °C.',
    },
    {
      heading: 'Вероятность осадков',
      text: 'Вероятность дождя 40 % означает, что в похожие дни дождь где-то в этой местности идёт четыре раза из десяти. Она не говорит, как долго и как сильно будет идти дождь: для этого смотрите количество осадков в миллиметрах.',
    },
    {
      heading: 'Ветер',
      text: 'Скорость ветра — это среднее за десять минут; порывы — короткие усиления сверх него. При ветре сильнее 50 км/ч качаются ветки и идти против ветра трудно.',
    },
    { heading: 'Давление', text: 'Падение атмосферного давления часто приносит облака и дождь в ближайшие день-два; рост давления обычно означает ясную погоду.' },
  ],
};

const ky: PageText = {
  neutralTitle: 'Эскертмелер',
  languages: 'Тил',
  quickExit: 'Сайттан тез чыгуу',

  safestHeading: 'Бул баракчага JavaScript керек',
  safestWhy:
    'Сиз жазган нерселерди коргоо үчүн бул сайт өтүнүчүңүздү жөнөтүүдөн мурун өз браузериңиздин ичинде шифрлейт. Жолдо аны эч ким окуй албайт, ал тургай бул сайттын сервери да. Аны сизге жардам берген команда гана ача алат. Браузер шифрлөөнү JavaScript аркылуу жасайт, ал эми азыр JavaScript өчүрүлгөн.',
  safestTor: 'Эгер Tor Browser колдонсоңуз, анда коопсуздук деңгээли «Safest» болуп коюлган болушу мүмкүн (үч деңгээлдин эң жогоркусу). Бул деңгээлде JavaScript бардык сайттарда өчүк.',
  howHeading: 'Tor Browserде коопсуздук деңгээлин кантип өзгөртүү керек',
  steps: [
    'Дарек тилкесинин оң жагындагы куралдар панелинен калкан белгисин, андан кийин «Settings…» (Жөндөөлөр) баскычын басыңыз. Же менюну ачыңыз: ☰ → Settings → Privacy & Security → Security Level.',
    'Ортоңку деңгээлди, «Safer», тандаңыз. Бул деңгээлде сайт иштейт: JavaScript күйүк, эң коркунучтуу функциялар өчүк бойдон калат.',
    '«Save and restart» (Сактоо жана кайра иштетүү) баскычы менен ырастаңыз. Tor Browser кайра иштеп, ачык өтмөктөрдү жабат, ошондуктан адегенде бул баракчанын дарегин жазып алыңыз.',
    'Бул баракчаны кайра ачыңыз. Бүткөндөн кийин ошол эле жол менен деңгээлди кайра «Safest» кылып коюңуз.',
  ],
  levelNote:
    'Tor Browser коопсуздук деңгээлин бул сайтка гана эмес, бардык сайттарга колдонот. Аны бир гана сайт үчүн өзгөртүүнүн биз чын дилден сунуштай турган жолу жок. Tor Browserдин эски версияларында деңгээл кайра иштетпей эле өзгөрөт: анда бул баракчаны жаңыртып коюңуз.',
  otherBrowser: 'Башка браузерде JavaScriptти анын жөндөөлөрүнөн күйгүзүп (адатта «Сайттын жөндөөлөрү» же «Купуялык» бөлүмүндө), бул баракчаны жаңыртыңыз.',
  formHeading: 'Эгер JavaScriptти күйгүзө албасаңыз',
  formAbout:
    'JavaScriptсиз иштеген жөнөкөй форма аркылуу кыска өтүнүч жөнөтсөңүз болот. Бул кадимки жолдон азыраак коопсуз: текстиңиз биздин серверге ачык түрдө жетет, сервер аны келери менен шифрлейт. Сервер аны ачык түрдө сактабайт жана жазып албайт, бирок ошол учурда серверди көзөмөлдөгөн адам аны окуй алмак.',
  formLink: 'JavaScriptсиз форманы ачуу',

  formTitle: 'JavaScriptсиз өтүнүч жөнөтүү',
  weakerWarning:
    'Бул форма кадимки жолго караганда азыраак коопсуз. JavaScriptсиз браузериңиз шифрлей албайт, ошондуктан текст биздин серверге ачык түрдө жетет (жолдо аны Tor же HTTPS коргойт). Сервер аны дароо сизге жардам берген команда үчүн шифрлейт жана эч качан ачык түрдө сактабайт, жазып да албайт, бирок ошол көз ирмемде серверди көзөмөлдөгөн адам аны окуй алмак. Мүмкүн болсо, «Safer» деңгээлинде кадимки жолду колдонуңуз.',
  noFiles: 'Бул форма аркылуу файл жөнөтүүгө болбойт.',
  kindLabel: 'Сизге кандай жардам керек?',
  kinds: { psychological: 'Психологиялык колдоо', legal: 'Укуктук жардам', medical: 'Медициналык жардам', relocation: 'Коопсуз жерге көчүү' },
  countryLabel: 'Сиздин өлкөңүз',
  languageLabel: 'Сизге кайсы тилде жооп берелик?',
  textLabel: 'Эмне болуп жатканын жана сизге эмне керек экенин жазыңыз',
  textHelp: '{max} белгиге чейин. Зарылчылык болбосо, толук атыңызды же дарегиңизди жазбаңыз.',
  contactLabel: 'Сиз менен кантип байланышсак болот? (милдеттүү эмес)',
  contactHelp: 'Мисалы, Signal же Telegramдагы колдонуучу атыңыз. Жоопту квитанция коду менен өзүңүз текшерсеңиз, бош калтырыңыз.',
  submit: 'Жөнөтүү',
  choose: 'Тандаңыз…',

  sentTitle: 'Өтүнүчүңүз жөнөтүлдү',
  codeLabel: 'Квитанция кодуңуз',
  codeKeep:
    'Бул кодду азыр жазып алып, коопсуз жерде сактаңыз. Ал бир гана жолу көрсөтүлөт: биз аны сактабайбыз жана кайра көрсөтө албайбыз. Бул код кимде болсо, ал сиздин өтүнүчүңүздү жана жоопторду окуй алат.',
  followUp: 'Жоопту окуу же жооп жазуу үчүн бул сайтты «Safer» же «Standard» деңгээлинде (JavaScript күйүк) ачып, өтүнүчтү текшерүү баракчасына өтүп, кодду киргизиңиз.',
  followUpLink: 'Өтүнүчтү текшерүү',

  errorTitle: 'Өтүнүч жөнөтүлгөн жок',
  errorInvalid: 'Айрым жооптор толтурулган эмес же туура эмес. Эч нерсе жөнөтүлгөн жок жана сакталган жок. Төмөнкү форманы текшериңиз.',
  errorTooLong: 'Текст өтө узун. Эч нерсе жөнөтүлгөн жок жана сакталган жок. Аны {max} белгиге чейин кыскартып, кайра жөнөтүңүз.',
  errorBusy: 'Азыр бул форма аркылуу өтө көп өтүнүч келип жатат. Эч нерсе жөнөтүлгөн жок жана сакталган жок. Бир нече мүнөттөн кийин кайра аракет кылыңыз же JavaScript менен кадимки жолду колдонуңуз.',
  errorUnavailable: 'Азыр өтүнүчтү жөнөтүү мүмкүн болбой калды. Эч нерсе сакталган жок. Кийинчерээк кайра аракет кылыңыз.',

  weatherTitle: 'Аба ырайынын божомолун кантип окуу керек',
  weatherLead: 'Кадимки божомолдогу белгилер жана сандар боюнча кыскача түшүндүрмө.',
  weather: [
    {
      heading: 'Температура',
      text: 'Божомол күндүзгү эң жогорку жана түнкү эң төмөнкү температураны көрсөтөт. «Сезилиши» шамал менен нымдуулукту эске алат: шамалдуу күнү +5 °C 0 °C сыяктуу сезилиши мүмкүн.',
    },
    {
      heading: 'Жаан-чачындын ыктымалдыгы',
      text: 'Жаандын 40 % ыктымалдыгы мындай күндөрү аймактын кайсы бир жеринде ондон төрт жолу жаан жаай турганын билдирет. Жаан канча убакыт же канчалык катуу жаай турганын айтпайт: ал үчүн миллиметр менен берилген жаан-чачындын көлөмүн караңыз.',
    },
    {
      heading: 'Шамал',
      text: 'Шамалдын ылдамдыгы — он мүнөттөгү орточо көрсөткүч; бурганактар — андан жогору кыска күчөөлөр. Саатына 50 кмден ашса, бактардын бутактары чайкалып, шамалга каршы басуу кыйын болот.',
    },
    { heading: 'Басым', text: 'Аба басымынын төмөндөшү көбүнчө бир-эки күндүн ичинде булут менен жаан алып келет; басымдын көтөрүлүшү адатта ачык аба ырайын билдирет.' },
  ],
};

const kk: PageText = {
  neutralTitle: 'Жазбалар',
  languages: 'Тіл',
  quickExit: 'Сайттан тез шығу',

  safestHeading: 'Бұл бетке JavaScript қажет',
  safestWhy:
    'Сіз жазғанды қорғау үшін бұл сайт өтінішіңізді жібермес бұрын өз браузеріңіздің ішінде шифрлайды. Жолда оны ешкім оқи алмайды, тіпті осы сайттың сервері де. Оны сізге көмектесетін топ қана аша алады. Браузер шифрлауды JavaScript арқылы жасайды, ал қазір JavaScript өшірулі.',
  safestTor: 'Егер Tor Browser пайдалансаңыз, онда қауіпсіздік деңгейі «Safest» болып тұрған шығар (үш деңгейдің ең жоғарысы). Бұл деңгейде JavaScript барлық сайттарда өшірулі.',
  howHeading: 'Tor Browser-де қауіпсіздік деңгейін қалай өзгертуге болады',
  steps: [
    'Мекенжай жолағының оң жағындағы құралдар тақтасынан қалқан белгішесін, содан кейін «Settings…» (Баптаулар) түймесін басыңыз. Немесе мәзірді ашыңыз: ☰ → Settings → Privacy & Security → Security Level.',
    'Ортаңғы деңгейді, «Safer», таңдаңыз. Бұл деңгейде сайт жұмыс істейді: JavaScript қосулы, ең қауіпті мүмкіндіктер өшірулі күйінде қалады.',
    '«Save and restart» (Сақтау және қайта іске қосу) түймесімен растаңыз. Tor Browser қайта іске қосылып, ашық қойындыларды жабады, сондықтан алдымен осы беттің мекенжайын жазып алыңыз.',
    'Осы бетті қайта ашыңыз. Біткен соң дәл осы жолмен деңгейді қайтадан «Safest» етіп қойыңыз.',
  ],
  levelNote:
    'Tor Browser қауіпсіздік деңгейін тек осы сайтқа емес, барлық сайттарға қолданады. Оны бір ғана сайт үшін өзгертудің біз адал ұсына алатын жолы жоқ. Tor Browser-дің ескі нұсқаларында деңгей қайта іске қоспай-ақ өзгереді: онда бұл бетті жаңартыңыз.',
  otherBrowser: 'Басқа браузерде JavaScript-ті оның баптауларынан қосып (әдетте «Сайт баптаулары» немесе «Құпиялылық» бөлімінде), осы бетті жаңартыңыз.',
  formHeading: 'Егер JavaScript-ті қоса алмасаңыз',
  formAbout:
    'JavaScript-сіз жұмыс істейтін қарапайым пішін арқылы қысқа өтініш жіберуге болады. Бұл әдеттегі жолдан гөрі қауіпсіздігі төмен: мәтініңіз біздің серверге ашық күйде жетеді, ал сервер оны келген бойда шифрлайды. Сервер оны ашық күйде сақтамайды және жазып алмайды, бірақ сол сәтте серверді бақылайтын адам оны оқи алар еді.',
  formLink: 'JavaScript-сіз пішінді ашу',

  formTitle: 'JavaScript-сіз өтініш жіберу',
  weakerWarning:
    'Бұл пішіннің қауіпсіздігі әдеттегі жолдан төмен. JavaScript-сіз браузеріңіз шифрлай алмайды, сондықтан мәтін біздің серверге ашық күйде жетеді (жолда оны Tor немесе HTTPS қорғайды). Сервер оны бірден сізге көмектесетін топ үшін шифрлайды және ешқашан ашық күйде сақтамайды, жазып та алмайды, бірақ сол сәтте серверді бақылайтын адам оны оқи алар еді. Мүмкін болса, «Safer» деңгейінде әдеттегі жолды пайдаланыңыз.',
  noFiles: 'Бұл пішін арқылы файл жіберу мүмкін емес.',
  kindLabel: 'Сізге қандай көмек керек?',
  kinds: { psychological: 'Психологиялық қолдау', legal: 'Заң көмегі', medical: 'Медициналық көмек', relocation: 'Қауіпсіз жерге көшу' },
  countryLabel: 'Еліңіз',
  languageLabel: 'Сізге қай тілде жауап берейік?',
  textLabel: 'Не болып жатқанын және сізге не керек екенін жазыңыз',
  textHelp: '{max} таңбаға дейін. Қажет болмаса, толық атыңызды немесе мекенжайыңызды жазбаңыз.',
  contactLabel: 'Сізбен қалай байланысуға болады? (міндетті емес)',
  contactHelp: 'Мысалы, Signal немесе Telegram-дағы пайдаланушы атыңыз. Жауапты түбіртек кодымен өзіңіз тексеретін болсаңыз, бос қалдырыңыз.',
  submit: 'Жіберу',
  choose: 'Таңдаңыз…',

  sentTitle: 'Өтінішіңіз жіберілді',
  codeLabel: 'Түбіртек кодыңыз',
  codeKeep:
    'Бұл кодты қазір жазып алып, қауіпсіз жерде сақтаңыз. Ол тек бір рет көрсетіледі: біз оны сақтамаймыз және қайта көрсете алмаймыз. Бұл код кімде болса, сол сіздің өтінішіңізді және жауаптарды оқи алады.',
  followUp: 'Жауапты оқу немесе жауап жазу үшін бұл сайтты «Safer» немесе «Standard» деңгейінде (JavaScript қосулы) ашып, өтінішті тексеру бетіне өтіп, кодты енгізіңіз.',
  followUpLink: 'Өтінішті тексеру',

  errorTitle: 'Өтініш жіберілмеді',
  errorInvalid: 'Кейбір жауаптар толтырылмаған немесе қате толтырылған. Ештеңе жіберілмеді және сақталмады. Төмендегі пішінді тексеріңіз.',
  errorTooLong: 'Мәтін тым ұзын. Ештеңе жіберілмеді және сақталмады. Оны {max} таңбаға дейін қысқартып, қайта жіберіңіз.',
  errorBusy: 'Қазір бұл пішін арқылы тым көп өтініш келіп жатыр. Ештеңе жіберілмеді және сақталмады. Бірнеше минуттан кейін қайталап көріңіз немесе JavaScript арқылы әдеттегі жолды пайдаланыңыз.',
  errorUnavailable: 'Қазір өтінішті жіберу мүмкін болмады. Ештеңе сақталмады. Кейінірек қайталап көріңіз.',

  weatherTitle: 'Ауа райы болжамын қалай оқу керек',
  weatherLead: 'Әдеттегі болжамдағы белгілер мен сандар туралы қысқаша түсіндірме.',
  weather: [
    {
      heading: 'Температура',
      text: 'Болжам күндізгі ең жоғары және түнгі ең төмен температураны береді. «Сезілуі» жел мен ылғалдылықты ескереді: желді күні +5 °C 0 °C сияқты сезілуі мүмкін.',
    },
    {
      heading: 'Жауын-шашын ықтималдығы',
      text: 'Жаңбырдың 40 % ықтималдығы мұндай күндері аймақтың бір жерінде оннан төрт рет жаңбыр жауатынын білдіреді. Ол жаңбырдың қанша уақыт және қаншалықты қатты жауатынын айтпайды: ол үшін миллиметрмен берілген жауын-шашын мөлшерін қараңыз.',
    },
    {
      heading: 'Жел',
      text: 'Жел жылдамдығы — он минуттағы орташа мән; екпін — одан жоғары қысқа күшеюлер. Жел сағатына 50 км-ден асса, ағаш бұтақтары тербеліп, желге қарсы жүру қиындайды.',
    },
    { heading: 'Қысым', text: 'Ауа қысымының төмендеуі көбіне бір-екі күн ішінде бұлт пен жаңбыр әкеледі; қысымның көтерілуі әдетте ашық ауа райын білдіреді.' },
  ],
};

const tg: PageText = {
  neutralTitle: 'Ёддоштҳо',
  languages: 'Забон',
  quickExit: 'Зуд аз сайт баромадан',

  safestHeading: 'Ба ин саҳифа JavaScript лозим аст',
  safestWhy:
    'Барои ҳифзи он чи шумо менависед, ин сайт дархости шуморо пеш аз фиристодан дар дохили браузери худатон рамзгузорӣ мекунад. Дар роҳ ҳеҷ кас онро хонда наметавонад, ҳатто сервери ин сайт. Онро танҳо гурӯҳе, ки ба шумо кӯмак мекунад, кушода метавонад. Браузер рамзгузориро бо ёрии JavaScript анҷом медиҳад, вале ҳоло JavaScript хомӯш аст.',
  safestTor: 'Агар шумо Tor Browser-ро истифода баред, эҳтимол сатҳи амнияти он «Safest» аст (баландтарин аз се сатҳ). Дар ин сатҳ JavaScript дар ҳамаи сайтҳо хомӯш аст.',
  howHeading: 'Чӣ тавр сатҳи амниятро дар Tor Browser иваз кардан мумкин аст',
  steps: [
    'Нишонаи сипарро дар панели абзорҳо, аз тарафи рости сатри суроға, ва баъд «Settings…» (Танзимот)-ро пахш кунед. Ё менюро кушоед: ☰ → Settings → Privacy & Security → Security Level.',
    'Сатҳи миёна, «Safer»-ро интихоб кунед. Дар ин сатҳ сайт кор мекунад: JavaScript фаъол аст, хатарноктарин имкониятҳо хомӯш мемонанд.',
    'Бо тугмаи «Save and restart» (Нигоҳ доштан ва аз нав оғоз кардан) тасдиқ кунед. Tor Browser аз нав оғоз мешавад ва ҷадвалакҳои кушодаро мепӯшад, бинобар ин аввал суроғаи ин саҳифаро нависед.',
    'Ин саҳифаро дубора кушоед. Вақте ки кор тамом шуд, бо ҳамин роҳ сатҳро ба «Safest» баргардонед.',
  ],
  levelNote:
    'Tor Browser сатҳи амниятро на танҳо ба ин сайт, балки ба ҳамаи сайтҳо татбиқ мекунад. Роҳе, ки онро танҳо барои як сайт иваз кунад ва мо онро ростқавлона тавсия дода тавонем, вуҷуд надорад. Дар версияҳои кӯҳнаи Tor Browser сатҳ бе аз нав оғоз кардан иваз мешавад: он гоҳ ин саҳифаро навсозӣ кунед.',
  otherBrowser: 'Дар браузери дигар JavaScript-ро дар танзимоти он фаъол кунед (одатан дар бахши «Танзимоти сайт» ё «Махфият») ва ин саҳифаро навсозӣ кунед.',
  formHeading: 'Агар JavaScript-ро фаъол карда натавонед',
  formAbout:
    'Шумо метавонед дархости кӯтоҳро тавассути шакли соддае, ки бе JavaScript кор мекунад, фиристед. Ин нисбат ба роҳи муқаррарӣ камтар бехатар аст: матни шумо ба сервери мо ошкоро мерасад ва сервер онро ҳамон лаҳзаи расидан рамзгузорӣ мекунад. Сервер онро ошкоро нигоҳ намедорад ва сабт намекунад, вале касе, ки дар он лаҳза серверро назорат мекунад, метавонист онро хонад.',
  formLink: 'Кушодани шакл бе JavaScript',

  formTitle: 'Фиристодани дархост бе JavaScript',
  weakerWarning:
    'Ин шакл нисбат ба роҳи муқаррарӣ камтар бехатар аст. Бе JavaScript браузери шумо рамзгузорӣ карда наметавонад, бинобар ин матн ба сервери мо ошкоро мерасад (дар роҳ онро Tor ё HTTPS ҳифз мекунад). Сервер онро фавран барои гурӯҳе, ки ба шумо кӯмак мекунад, рамзгузорӣ мекунад ва ҳеҷ гоҳ ошкоро нигоҳ намедорад ва сабт намекунад, вале дар он лаҳза касе, ки серверро назорат мекунад, метавонист онро хонад. Агар имкон бошад, роҳи муқаррариро дар сатҳи «Safer» истифода баред.',
  noFiles: 'Бо ин шакл файл фиристодан мумкин нест.',
  kindLabel: 'Ба шумо чӣ гуна кӯмак лозим аст?',
  kinds: { psychological: 'Дастгирии равонӣ', legal: 'Кӯмаки ҳуқуқӣ', medical: 'Кӯмаки тиббӣ', relocation: 'Кӯчидан ба ҷои бехатар' },
  countryLabel: 'Кишвари шумо',
  languageLabel: 'Ба кадом забон ба шумо ҷавоб диҳем?',
  textLabel: 'Нависед, ки чӣ рӯй дода истодааст ва ба шумо чӣ лозим аст',
  textHelp: 'То {max} аломат. Агар зарур набошад, номи пурра ё суроғаи худро нанависед.',
  contactLabel: 'Бо шумо чӣ тавр тамос гирем? (ҳатмӣ нест)',
  contactHelp: 'Масалан, номи корбарии шумо дар Signal ё Telegram. Агар ҷавобро бо рамзи квитансия худатон санҷед, холӣ гузоред.',
  submit: 'Фиристодан',
  choose: 'Интихоб кунед…',

  sentTitle: 'Дархости шумо фиристода шуд',
  codeLabel: 'Рамзи квитансияи шумо',
  codeKeep:
    'Ин рамзро ҳозир нависед ва дар ҷои бехатар нигоҳ доред. Он танҳо як бор нишон дода мешавад: мо онро нигоҳ намедорем ва дубора нишон дода наметавонем. Ҳар касе, ки ин рамзро дорад, дархост ва ҷавобҳои шуморо хонда метавонад.',
  followUp: 'Барои хондани ҷавоб ё ҷавоб навиштан, ин сайтро дар сатҳи «Safer» ё «Standard» (бо JavaScript-и фаъол) кушоед, ба саҳифаи пайгирии дархост гузаред ва рамзро ворид кунед.',
  followUpLink: 'Пайгирии дархост',

  errorTitle: 'Дархост фиристода нашуд',
  errorInvalid: 'Баъзе ҷавобҳо пур карда нашудаанд ё нодурустанд. Ҳеҷ чиз фиристода ва нигоҳ дошта нашуд. Шакли зеринро санҷед.',
  errorTooLong: 'Матн хеле дароз аст. Ҳеҷ чиз фиристода ва нигоҳ дошта нашуд. Онро то {max} аломат кӯтоҳ кунед ва дубора фиристед.',
  errorBusy: 'Ҳоло тавассути ин шакл дархостҳои хеле зиёд меоянд. Ҳеҷ чиз фиристода ва нигоҳ дошта нашуд. Пас аз чанд дақиқа боз кӯшиш кунед ё роҳи муқаррариро бо JavaScript истифода баред.',
  errorUnavailable: 'Ҳоло дархостро фиристодан имкон надошт. Ҳеҷ чиз нигоҳ дошта нашуд. Баъдтар боз кӯшиш кунед.',

  weatherTitle: 'Чӣ тавр пешгӯии обу ҳаворо хондан мумкин аст',
  weatherLead: 'Шарҳи мухтасари аломатҳо ва рақамҳои пешгӯии муқаррарӣ.',
  weather: [
    {
      heading: 'Ҳарорат',
      text: 'Пешгӯӣ баландтарин ҳарорати рӯз ва пасттарин ҳарорати шабро нишон медиҳад. «Ҳис мешавад» шамол ва намиро ба назар мегирад: дар ҳавои шамолӣ +5 °C метавонад мисли 0 °C ҳис шавад.',
    },
    {
      heading: 'Эҳтимолияти борон',
      text: 'Эҳтимолияти 40 %-и борон маънои онро дорад, ки дар чунин рӯзҳо дар ягон ҷои минтақа аз даҳ бор чор бор борон меборад. Он намегӯяд, ки борон чӣ қадар дароз ё сахт меборад: барои ин миқдори боришотро бо миллиметр бинед.',
    },
    {
      heading: 'Шамол',
      text: 'Суръати шамол миёнаи даҳ дақиқа аст; вазишҳо тезшавиҳои кӯтоҳ аз он болотаранд. Агар аз 50 км/соат зиёд бошад, шохаҳо меҷунбанд ва бар зидди шамол роҳ рафтан душвор мешавад.',
    },
    { heading: 'Фишор', text: 'Паст шудани фишори ҳаво аксар вақт дар давоми як-ду рӯз абр ва борон меорад; баланд шудани фишор одатан ҳавои софро нишон медиҳад.' },
  ],
};

const uzLatn: PageText = {
  neutralTitle: 'Qaydlar',
  languages: 'Til',
  quickExit: 'Saytdan tezda chiqish',

  safestHeading: 'Bu sahifaga JavaScript kerak',
  safestWhy:
    'Siz yozgan narsalarni himoya qilish uchun bu sayt murojaatingizni yuborishdan oldin brauzeringizning oʻzida shifrlaydi. Yoʻlda uni hech kim oʻqiy olmaydi, hatto bu saytning serveri ham. Uni faqat sizga yordam beradigan jamoa ocha oladi. Brauzer shifrlashni JavaScript yordamida bajaradi, hozir esa JavaScript oʻchirilgan.',
  safestTor: 'Agar Tor Browser’dan foydalansangiz, uning xavfsizlik darajasi «Safest» boʻlsa kerak (uch darajaning eng yuqorisi). Bu darajada JavaScript barcha saytlarda oʻchiq.',
  howHeading: 'Tor Browser’da xavfsizlik darajasini qanday oʻzgartirish mumkin',
  steps: [
    'Manzil satrining oʻng tomonidagi asboblar panelida qalqon belgisini, soʻng «Settings…» (Sozlamalar) tugmasini bosing. Yoki menyuni oching: ☰ → Settings → Privacy & Security → Security Level.',
    'Oʻrta darajani, «Safer»ni tanlang. Bu darajada sayt ishlaydi: JavaScript yoqiq, eng xavfli imkoniyatlar esa oʻchiq qoladi.',
    '«Save and restart» (Saqlash va qayta ishga tushirish) tugmasi bilan tasdiqlang. Tor Browser qayta ishga tushadi va ochiq varaqlarni yopadi, shuning uchun avval bu sahifa manzilini yozib oling.',
    'Bu sahifani qayta oching. Ishingiz tugagach, xuddi shu yoʻl bilan darajani yana «Safest»ga qaytaring.',
  ],
  levelNote:
    'Tor Browser xavfsizlik darajasini faqat shu saytga emas, barcha saytlarga qoʻllaydi. Uni faqat bitta sayt uchun oʻzgartiradigan, biz halol tavsiya qila oladigan usul yoʻq. Tor Browser’ning eski versiyalarida daraja qayta ishga tushirmasdan oʻzgaradi: unda shunchaki bu sahifani yangilang.',
  otherBrowser: 'Boshqa brauzerda JavaScript’ni uning sozlamalarida yoqing (odatda «Sayt sozlamalari» yoki «Maxfiylik» boʻlimida) va bu sahifani yangilang.',
  formHeading: 'Agar JavaScript’ni yoqa olmasangiz',
  formAbout:
    'JavaScript’siz ishlaydigan oddiy shakl orqali qisqa murojaat yuborishingiz mumkin. Bu odatdagi yoʻldan kamroq xavfsiz: matningiz serverimizga ochiq holda yetib boradi va server uni kelishi bilanoq shifrlaydi. Server uni ochiq holda saqlamaydi va yozib olmaydi, lekin aynan shu paytda serverni nazorat qilayotgan odam uni oʻqiy olishi mumkin edi.',
  formLink: 'JavaScript’siz shaklni ochish',

  formTitle: 'JavaScript’siz murojaat yuborish',
  weakerWarning:
    'Bu shakl odatdagi yoʻldan kamroq xavfsiz. JavaScript’siz brauzeringiz shifrlay olmaydi, shuning uchun matn serverimizga ochiq holda yetib boradi (yoʻlda uni Tor yoki HTTPS himoya qiladi). Server uni darhol sizga yordam beradigan jamoa uchun shifrlaydi va hech qachon ochiq holda saqlamaydi, yozib ham olmaydi, lekin oʻsha lahzada serverni nazorat qilayotgan odam uni oʻqiy olishi mumkin edi. Imkoningiz boʻlsa, «Safer» darajasida odatdagi yoʻldan foydalaning.',
  noFiles: 'Bu shakl orqali fayl yuborib boʻlmaydi.',
  kindLabel: 'Sizga qanday yordam kerak?',
  kinds: { psychological: 'Psixologik yordam', legal: 'Huquqiy yordam', medical: 'Tibbiy yordam', relocation: 'Xavfsiz joyga koʻchish' },
  countryLabel: 'Mamlakatingiz',
  languageLabel: 'Sizga qaysi tilda javob beraylik?',
  textLabel: 'Nima boʻlayotganini va sizga nima kerakligini yozing',
  textHelp: '{max} belgigacha. Zarur boʻlmasa, toʻliq ismingiz yoki manzilingizni yozmang.',
  contactLabel: 'Siz bilan qanday bogʻlanaylik? (majburiy emas)',
  contactHelp: 'Masalan, Signal yoki Telegram’dagi foydalanuvchi nomingiz. Javobni kvitansiya kodi bilan oʻzingiz tekshirsangiz, boʻsh qoldiring.',
  submit: 'Yuborish',
  choose: 'Tanlang…',

  sentTitle: 'Murojaatingiz yuborildi',
  codeLabel: 'Kvitansiya kodingiz',
  codeKeep:
    'Bu kodni hozir yozib oling va xavfsiz joyda saqlang. U faqat bir marta koʻrsatiladi: biz uni saqlamaymiz va qayta koʻrsata olmaymiz. Bu kod kimda boʻlsa, u murojaatingizni va javoblarni oʻqiy oladi.',
  followUp: 'Javobni oʻqish yoki javob yozish uchun bu saytni «Safer» yoki «Standard» darajasida (JavaScript yoqilgan holda) oching, murojaatni kuzatish sahifasiga oʻting va kodni kiriting.',
  followUpLink: 'Murojaatni kuzatish',

  errorTitle: 'Murojaat yuborilmadi',
  errorInvalid: 'Baʼzi javoblar toʻldirilmagan yoki notoʻgʻri. Hech narsa yuborilmadi va saqlanmadi. Quyidagi shaklni tekshiring.',
  errorTooLong: 'Matn juda uzun. Hech narsa yuborilmadi va saqlanmadi. Uni {max} belgigacha qisqartiring va qayta yuboring.',
  errorBusy: 'Hozir bu shakl orqali juda koʻp murojaat kelmoqda. Hech narsa yuborilmadi va saqlanmadi. Bir necha daqiqadan soʻng qayta urinib koʻring yoki JavaScript bilan odatdagi yoʻldan foydalaning.',
  errorUnavailable: 'Hozir murojaatni yuborib boʻlmadi. Hech narsa saqlanmadi. Keyinroq qayta urinib koʻring.',

  weatherTitle: 'Ob-havo maʼlumotini qanday oʻqish kerak',
  weatherLead: 'Oddiy ob-havo maʼlumotidagi belgilar va raqamlar haqida qisqa tushuntirish.',
  weather: [
    {
      heading: 'Harorat',
      text: 'Maʼlumotda kunduzgi eng yuqori va tungi eng past harorat beriladi. «Sezilishi» shamol va namlikni hisobga oladi: shamolli kunda +5 °C 0 °C kabi sezilishi mumkin.',
    },
    {
      heading: 'Yogʻingarchilik ehtimoli',
      text: 'Yomgʻirning 40 % ehtimoli shunday kunlarda hududning biror joyida oʻn martadan toʻrt marta yomgʻir yogʻishini bildiradi. U yomgʻir qancha davom etishini yoki qanchalik kuchli boʻlishini aytmaydi: buning uchun millimetrdagi yogʻin miqdoriga qarang.',
    },
    {
      heading: 'Shamol',
      text: 'Shamol tezligi — oʻn daqiqalik oʻrtacha koʻrsatkich; shamol zarbalari undan yuqori qisqa kuchayishlardir. Soatiga 50 km dan oshsa, daraxt shoxlari tebranadi va shamolga qarshi yurish qiyinlashadi.',
    },
    { heading: 'Bosim', text: 'Havo bosimining pasayishi koʻpincha bir-ikki kun ichida bulut va yomgʻir olib keladi; bosimning koʻtarilishi odatda ochiq havoni bildiradi.' },
  ],
};

export const PAGE_TEXT: Readonly<Record<PageLanguage, PageText>> = { en, ru, ky, kk, tg, 'uz-Latn': uzLatn };
