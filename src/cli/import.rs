//! `lobbydesk import clients FILE`: a client list from the core system (UTF-8,
//! with or without a byte-order mark, or GBK), the branch head's (--as);
//! `--dry-run` says what would change, row by row for what is refused.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::output::print;
use super::{act, fail, open, refused, signed_in, Cli, Context, BAD_INPUT};
use crate::domain::authority::{Act, Target};
use crate::domain::import::{decode, Encoding, Field, FileRefusal, Refused, RowRefusal};
use crate::i18n::{Lang, Msg};
use crate::ops::import as op;

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Add or update clients (by mobile) from a CSV file with a header row:
    /// 姓名/name, 手机号/mobile, 客户等级/tier, 标签/tags, 持有产品数/products,
    /// 开户日期/opened, 最近大额存入日期/last_large_deposit,
    /// 卡激活日期/card_activated, 同意联系/consent, 大额存入金额/
    /// large_deposit_amount, 资产/assets (the tier from the settings' least
    /// assets when there is no tier column), and the names the settings'
    /// [import.columns] add. One refused row refuses the file; consent
    /// changes only where a consent column says so.
    Clients {
        file: PathBuf,
        /// Say what would be added, updated and refused; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The file's encoding (utf-8 or gbk); otherwise UTF-8 if the bytes
        /// are, else GBK.
        #[arg(long, value_name = "ENCODING")]
        encoding: Option<String>,
    },
}

fn field(f: Field) -> Msg {
    match f {
        Field::Name => Msg::ImpFieldName,
        Field::Mobile => Msg::ImpFieldMobile,
        Field::Tier => Msg::ImpFieldTier,
        Field::Tags => Msg::ImpFieldTags,
        Field::ProductsHeld => Msg::ImpFieldProducts,
        Field::Opened => Msg::ImpFieldOpened,
        Field::LastLargeDeposit => Msg::ImpFieldDeposit,
        Field::CardActivated => Msg::ImpFieldCard,
        Field::Consent => Msg::ImpFieldConsent,
        Field::LargeDepositAmount => Msg::ImpFieldDepositAmount,
        Field::Assets => Msg::ImpFieldAssets,
    }
}

/// A refused row in words: "第N行：手机号格式不对" / "row N: bad mobile".
pub fn refusal(lang: Lang, r: &Refused) -> String {
    let why = match &r.why {
        RowRefusal::BadMobile => Msg::ImpBadMobile.get(lang).to_string(),
        RowRefusal::BadName => Msg::ImpBadName.get(lang).to_string(),
        RowRefusal::BadTags => Msg::ImpBadTags.get(lang).to_string(),
        RowRefusal::UnknownTier(t) => Msg::ImpUnknownTier.fill(lang, &[("t", t)]),
        RowRefusal::BadDate(f) => Msg::ImpBadDate.fill(lang, &[("f", &field(*f).get(lang))]),
        RowRefusal::BadNumber => Msg::ImpBadNumber.get(lang).to_string(),
        RowRefusal::BadConsent => Msg::ImpBadConsent.get(lang).to_string(),
        RowRefusal::DuplicateMobile(first) => Msg::ImpDuplicate.fill(lang, &[("r", first)]),
        RowRefusal::Unreadable => Msg::ImpUnreadable.get(lang).to_string(),
    };
    Msg::ImpRow.fill(lang, &[("n", &r.row), ("why", &why)])
}

fn file_refusal(lang: Lang, r: &FileRefusal) -> String {
    match r {
        FileRefusal::Empty => Msg::ImpEmpty.get(lang).to_string(),
        FileRefusal::NoMobile => Msg::ImpNoMobile.get(lang).to_string(),
        FileRefusal::TwiceMapped(f) => Msg::ImpTwice.fill(lang, &[("f", &field(*f).get(lang))]),
    }
}

/// `import clients FILE [--dry-run] [--encoding gbk|utf-8]`: exit 0 when
/// imported (or a dry run of a clean file), 2 when the file is refused
/// (nothing written), 3 when not allowed.
pub fn import(cli: &Cli, ctx: &Context, command: &ImportCommand) -> ExitCode {
    let lang = ctx.lang;
    let ImportCommand::Clients {
        file,
        dry_run,
        encoding,
    } = command;
    let forced = match encoding.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("utf-8" | "utf8") => Some(Encoding::Utf8),
        Some("gbk" | "gb2312" | "gb18030") => Some(Encoding::Gbk),
        Some(_) => return fail(BAD_INPUT, Msg::ImpBadEncoding.get(lang)),
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            let args: [(&str, &dyn std::fmt::Display); 2] = [("p", &file.display()), ("e", &e)];
            return fail(BAD_INPUT, &Msg::ImpReadFile.fill(lang, &args));
        }
    };
    let Some(text) = decode(&bytes, forced) else {
        let e = match forced {
            Some(Encoding::Gbk) => "GBK",
            Some(Encoding::Utf8) => "UTF-8",
            None => "UTF-8 / GBK",
        };
        return fail(BAD_INPUT, &Msg::ImpNotText.fill(lang, &[("e", &e)]));
    };
    let parsed = match op::parse(&ctx.catalog, &text) {
        Ok(p) => p,
        Err(r) => return fail(BAD_INPUT, &file_refusal(lang, &r)),
    };
    let mut store = match open(cli.db.as_deref(), lang) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let me = match signed_in(&mut store, ctx, cli, Act::ImportClients, Target::Branch) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let s = match act(&mut store, ctx, &me, |db, o| {
        op::import_clients(db, o, &parsed, *dry_run)
    }) {
        Ok(s) => s,
        Err(e) => return refused(&store, ctx, &e),
    };
    let mut text = String::new();
    if parsed.has_assets {
        let m = match (
            parsed.has_tier,
            op::tiers_from_assets(&ctx.catalog, &parsed),
        ) {
            (true, _) => Msg::ImpTierColumn,
            (false, true) => Msg::ImpTierAssets,
            (false, false) => Msg::ImpTierNoThresholds,
        };
        text.push_str(m.get(lang));
        text.push('\n');
    }
    for r in &s.refused {
        text.push_str(&refusal(lang, r));
        text.push('\n');
    }
    let counts: [(&str, &dyn std::fmt::Display); 4] = [
        ("a", &s.added),
        ("u", &s.updated),
        ("s", &s.unchanged),
        ("r", &s.refused.len()),
    ];
    text.push_str(&Msg::ImpSummary.fill(lang, &counts));
    text.push('\n');
    if !s.refused.is_empty() {
        text.push_str(&Msg::ImpRefusedFile.fill(lang, &[("r", &s.refused.len())]));
        text.push('\n');
    } else if !s.written {
        text.push_str(Msg::ImpDryRun.get(lang));
        text.push('\n');
    }
    let code = print(lang, &text);
    match s.refused.is_empty() {
        true => code,
        false => ExitCode::from(BAD_INPUT),
    }
}
