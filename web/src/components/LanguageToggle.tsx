/** 中文 / English. */
import { useI18n } from "../i18n";

export function LanguageToggle() {
  const { lang, setLang, t } = useI18n();
  return (
    <fieldset className="lang">
      <legend className="sr-only">{t("lang.label")}</legend>
      <button type="button" aria-pressed={lang === "zh"} onClick={() => setLang("zh")} data-lang="zh">
        中文
      </button>
      <button type="button" aria-pressed={lang === "en"} onClick={() => setLang("en")} data-lang="en">
        English
      </button>
    </fieldset>
  );
}
