//! Every user-facing string, in zh-CN and English.
//!
//! Messages with parameters use `{name}` placeholders filled by [`fill`].

use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en`; anything starting with `zh` is Chinese.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// From the environment, as the C library reads it: LC_ALL, LC_MESSAGES, LANG.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| {
                if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                }
            })
    }
}

macro_rules! messages {
    ($($key:ident => $zh:expr, $en:expr;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg { $($key),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Zh) => $zh, (Msg::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    AppName => "大堂通", "lobbydesk";
    TabLobby => "大堂", "Lobby";
    // status line and frame
    TooSmall => "终端太小：至少需要 {w}×{h}，当前 {cw}×{ch}。请放大窗口。", "Terminal too small: needs at least {w}×{h}, now {cw}×{ch}. Please enlarge it.";
    KeyReinstate => "归队", "back in line";
    StepReinstate => "过号归队", "put back in line";
    Reinstated => "{n} 归队，回到原来的位置", "{n} is back in line at their place";
    RecallPassed => "{n} 过号已超过 {m} 分钟，请重新取号。", "{n} was a no-show more than {m} minutes ago: a new ticket, please.";
    ComingToRoom => "{n} 正前往", "{n} coming";
    DiscardAsk => "放弃已填写的内容？再按 Esc 放弃，按其他键继续填写。", "Discard what you typed? Esc again to discard, any other key to go on.";
    HelpTitle => "帮助 · 按键", "Help · keys";
    HelpClose => "按 Esc 或 ? 关闭", "Esc or ? to close";
    HelpGreyed => "灰色：此处不可用。", "Greyed: not possible here.";
    HelpEverywhere => "任何界面", "Everywhere";
    HelpForms => "表单", "Forms";
    // key hints
    KeyQuit => "退出", "quit";
    KeyHelp => "帮助", "help";
    KeyTabs => "切换标签", "tabs";
    KeyNextTab => "下一标签", "next tab";
    KeyPrevTab => "上一标签", "previous tab";
    KeyUpDown => "上下移动", "move";
    KeyTopBottom => "首/尾", "top/bottom";
    KeyNew => "新客登记", "new walk-in";
    KeyCall => "叫号", "call next";
    KeyStart => "开始办理", "start";
    KeyFinish => "办结", "finish";
    KeyHold => "挂起/恢复", "hold/resume";
    KeyNoShow => "过号", "no-show";
    KeyDivert => "分流", "divert";
    KeyFieldNext => "下一项", "next field";
    KeyFieldPrev => "上一项", "previous field";
    KeySave => "保存", "save";
    KeyCancel => "取消", "cancel";
    KeyChoose => "选择", "choose";
    // lobby
    Waiting => "等候", "Waiting";
    ServedToday => "今日已办", "Served today";
    AvgWait => "平均等候", "Avg wait";
    LongestWait => "最长等候", "Longest wait";
    QueueTitle => "排队", "Queue";
    CountersTitle => "窗口", "Counters";
    ColPos => "序", "#";
    ColNumber => "号码", "No.";
    ColService => "业务", "Service";
    ColPriority => "类别", "Class";
    ColClient => "客户", "Client";
    ColStatus => "状态", "Status";
    ColWait => "等候", "Wait";
    ColCounter => "窗口", "Ctr";
    ColTeller => "柜员", "Teller";
    ColTicket => "在办", "Ticket";
    ColFor => "时长", "For";
    CounterN => "{n}号窗口", "Counter {n}";
    NoTeller => "（无人）", "(nobody)";
    Idle => "空闲", "idle";
    QueueEmpty => "没有排队的客户。按 n 登记新客。", "Nobody waiting. Press n to register a walk-in.";
    Minutes => "{m}分", "{m}m";
    HoursMinutes => "{h}时{m}分", "{h}h{m}m";
    DaysHours => "{d}天{h}时", "{d}d{h}h";
    Days => "{d}天", "{d}d";
    Legend => "! 超过{w}分  !! 超过{a}分  * 优先", "! over {w}m  !! over {a}m  * priority";
    // statuses
    StWaiting => "等候", "waiting";
    StCalled => "已叫号", "called";
    StServing => "办理中", "serving";
    StOnHold => "挂起", "on hold";
    StDone => "办结", "done";
    StUnserved => "未办理（日终）", "left unserved";
    StUnfinished => "未办结（日终）", "not finished";
    StNoShow => "过号", "no-show";
    StDiverted => "已分流", "diverted";
    // forms
    FormWalkin => "新客登记", "New walk-in";
    FormCall => "叫号到窗口", "Call to a counter";
    FormDivert => "分流", "Divert";
    FieldService => "业务类型", "Service";
    FieldPriority => "客户类别", "Class";
    FieldName => "姓名", "Name";
    FieldMobile => "手机号", "Mobile";
    FieldCounter => "窗口", "Counter";
    FieldTicket => "号码", "Ticket";
    FieldTarget => "去向", "Target";
    NextInLine => "按顺序下一位", "next in line";
    Optional => "（选填）", "(optional)";
    FormHint => "Tab 下一项 · ←→ 或首字母/数字选择 · Enter 保存 · Esc 取消", "Tab next field · ←→ or letter/number to choose · Enter save · Esc cancel";
    // validation
    InvalidRequired => "必填", "required";
    InvalidTooLong => "太长：最多 {max} 个字", "too long: at most {max} characters";
    InvalidControl => "含有控制字符", "contains control characters";
    InvalidMobile => "手机号应为 11 位数字，以 13–19 开头", "a mobile is 11 digits starting 13–19";
    InvalidAmount => "金额应为正数，最多两位小数", "an amount is a positive number with at most 2 decimals";
    FixFields => "请先改正标出的项目，未保存。", "Please correct the marked fields; nothing was saved.";
    // results
    Registered => "已登记 {n}", "Registered {n}";
    CalledTo => "{n} 请到 {c} 号窗口", "{n} to counter {c}";
    Recalled => "{n} 第 {k} 次叫号", "{n} called again ({k} calls)";
    Started => "{n} 开始办理", "{n} being served";
    Finished => "{n} 办结", "{n} finished";
    Held => "{n} 已挂起", "{n} on hold";
    Resumed => "{n} 恢复办理", "{n} resumed";
    NoShowDone => "{n} 过号", "{n} marked no-show";
    DivertedTo => "{n} 分流至 {t}", "{n} diverted to {t}";
    // refusals
    NothingSelected => "请先选择一个号码。", "Select a ticket first.";
    NobodyWaiting => "没有等候的客户。", "Nobody is waiting.";
    RefusedStep => "不能{step}：{n} 当前为“{s}”。", "Cannot {step}: {n} is {s}.";
    CounterBusy => "{c} 号窗口正在办理 {n}，请先办结。", "Counter {c} is busy with {n}; finish it first.";
    CalledElsewhere => "该号已叫到 {c} 号窗口。", "That ticket was called to counter {c}.";
    ChangedElsewhere => "该号刚被他人处理，已刷新。", "Someone else just changed that ticket; refreshed.";
    StepCall => "叫号", "call";
    StepStart => "开始办理", "start";
    StepFinish => "办结", "finish";
    StepHold => "挂起", "hold";
    StepResume => "恢复", "resume";
    StepNoShow => "标记过号", "mark no-show";
    StepDivert => "分流", "divert";
    // roles
    RoleLobby => "大堂经理", "Lobby manager";
    RoleTeller => "柜员", "Teller";
    RoleWealth => "理财经理", "Wealth manager";
    RoleCredit => "信贷经理", "Credit manager";
    RoleHead => "支行长", "Branch head";
    // referral cards and line panes
    KeyReferral => "转介卡", "referral";
    KeyAccept => "接收", "accept";
    KeyOutcome => "记录结果", "outcome";
    KeyReferOn => "转其他条线", "refer on";
    FormCard => "转介绍明白卡", "Referral card";
    FormOutcome => "记录结果", "Record the outcome";
    FormReferOn => "转介其他条线", "Refer on to another line";
    FieldNeed => "需求", "Need";
    FieldConsent => "同意联系", "Consent";
    FieldNote => "备注", "Note";
    FieldLine => "条线", "Line";
    FieldResult => "结果", "Result";
    FieldProduct => "产品", "Product";
    FieldAmount => "金额（元）", "Amount (yuan)";
    FieldObjection => "异议", "Objection";
    FieldKeep => "继续跟进", "Keep following";
    Yes => "是", "yes";
    No => "否", "no";
    ConsentYes => "同意", "agrees";
    ConsentNo => "不同意", "declines";
    OutContracted => "签约", "contracted";
    OutIntent => "意向", "intent";
    OutDeclined => "拒绝", "declined";
    OutNotNow => "暂不需要", "not now";
    OutLeft => "客户已离开", "client left";
    CsNew => "新", "new";
    CsAccepted => "已接收", "accepted";
    CsIntent => "意向", "intent";
    CsContracted => "已签约", "contracted";
    CsDeclined => "已拒绝", "declined";
    CsFollowUp => "转跟进", "follow-up";
    CsReferred => "已转出", "referred on";
    ColAge => "时长", "Age";
    ColTier => "等级", "Tier";
    ColNeed => "需求", "Need";
    ColReferrer => "转介人", "Referrer";
    ColReceiver => "接收人", "Receiver";
    ColInLobby => "大堂", "In lobby";
    LeftBranch => "已离开", "left";
    CardsTitle => "转介卡片", "Referral cards";
    CardsEmpty => "暂无转介卡片。柜员在大堂选中号码按 r 转介。", "No referral cards. Tellers press r on a ticket in the lobby.";
    DetailTitle => "卡片 #{id}", "Card #{id}";
    DetailChain => "流转", "Chain";
    DetailReferred => "转介人 {r} · {t}", "referred by {r} at {t}";
    DetailReceiver => "接收人 {r}", "receiver {r}";
    DetailAssistant => "协助人 {a}", "assistant {a}";
    NoConsent => "未同意联系", "no consent to contact";
    HasConsent => "同意联系", "consents to contact";
    CardSaved => "已转介 #{id} 至{line}", "Card #{id} sent to {line}";
    CardAccepted => "已接收 #{id}", "Accepted card #{id}";
    OutcomeSaved => "#{id} 记为{s}", "Card #{id}: {s}";
    ProspectAdded => "，已加入跟进名单", "; added to follow-ups";
    ReferredOn => "#{id} 已转至{line}（新卡 #{child}）", "Card #{id} referred on to {line} (new card #{child})";
    RefAlreadyAccepted => "该卡已被 {by} 接收。", "Already accepted by {by}.";
    RefNotAccepted => "请先按 a 接收该卡。", "Accept the card first (a).";
    RefNotReceiver => "只有接收人 {r} 可以操作。", "Only the receiver, {r}, can do that.";
    RefSameLine => "不能转给本条线。", "Cannot refer on to the same line.";
    RefDuplicate => "该客户在{line}已有未结卡片 #{id}（{owner}），请勿重复营销。", "This client already has open card #{id} on {line} ({owner}): no repeat marketing.";
    RefTooMany => "一位客户最多两名营销人员。", "At most two marketers on one client.";
    RefTooManyOn => "该客户已有两名营销人员（{on}），不能再加第三人。", "This client already has two marketers ({on}): no third may join.";
    RefMobileTaken => "该手机号已登记为客户 {name}，与所填姓名不同：请核对姓名或手机号。", "This mobile belongs to client {name}, not the name typed: check which is right.";
    EvClientUpdate => "修改客户信息", "client details changed";
    StepAccept => "接收", "accept";
    StepOutcome => "记录结果", "record an outcome";
    StepRefer => "转介", "refer on";
    NoCardSelected => "请先选择一张卡片。", "Select a card first.";
    CardChanged => "该卡刚被他人处理，已刷新。", "Someone else just changed that card; refreshed.";
    // follow-ups
    TabFollowups => "跟进", "Follow-ups";
    KeyLog => "记录联系", "log contact";
    KeyReschedule => "改期", "reschedule";
    KeyWon => "成交", "won";
    KeyLost => "流失", "lost";
    KeyHandBack => "上交支行", "hand back";
    KeyReassign => "改派", "reassign";
    KeyFilter => "筛选/搜索", "filter/search";
    KeyAddProspect => "新增跟进", "add prospect";
    FormConsent => "记录客户同意", "Record the client's consent";
    FormLog => "记录联系", "Log a contact";
    FormReschedule => "改期", "Reschedule";
    FormWon => "成交", "Won";
    FormLost => "流失", "Lost";
    FormReassign => "改派", "Reassign";
    FormFilter => "筛选", "Filter";
    FormAddProspect => "新增跟进客户", "Add a prospect";
    FieldChannel => "方式", "Channel";
    FieldSummary => "内容", "Summary";
    FieldOutcome => "结果", "Result";
    FieldNextStep => "下一步", "Next step";
    FieldDue => "下次联系", "Next contact";
    FieldReason => "原因", "Reason";
    FieldOwner => "负责人", "Owner";
    FieldSearch => "姓名/手机", "Name/mobile";
    FieldTier => "等级", "Tier";
    FieldEscalated => "只看升级", "Escalated only";
    All => "全部", "all";
    Other => "其他", "other";
    DateHint => "如 2026-12-01、12-01 或 +3", "e.g. 2026-12-01, 12-01 or +3";
    InvalidDate => "日期格式不对：{hint}", "not a date: {hint}";
    DueInPast => "日期不能早于今天", "the date cannot be before today";
    SectOverdue => "逾期", "Overdue";
    SectToday => "今日", "Today";
    SectUpcoming => "待跟进", "Upcoming";
    SectEnded => "已结束", "Ended";
    DaysOverdue => "逾期{d}天", "{d}d overdue";
    DueToday => "今日", "today";
    StageWon => "已成交", "won";
    StageLost => "已流失", "lost";
    StageHandedBack => "已上交", "handed back";
    ColDue => "跟进", "Due";
    ColMobile => "手机", "Mobile";
    ColLine => "条线", "Line";
    ColOwner => "负责人", "Owner";
    ColContacts => "次数", "Cont.";
    ColConsent => "同意", "Consent";
    ColFlag => "升级", "Flag";
    Escalated => "升级", "HEAD";
    ConsentMissing => "未同意", "no";
    ProspectsTitle => "跟进客户", "Prospects";
    ProspectsEmpty => "没有要跟进的客户。", "No prospects to follow up.";
    HistoryTitle => "往来记录", "History";
    HistVisit => "到访 {n} {s}（{st}）", "visit {n} {s} ({st})";
    HistCard => "转介卡 #{id} {line} {need}（{st}）", "card #{id} {line} {need} ({st})";
    HistContact => "{ch} {by}：{sum}", "{ch} by {by}: {sum}";
    FilterOn => "筛选：{f}", "Filter: {f}";
    Logged => "已记录联系，下次 {d}", "Contact logged; next on {d}";
    Rescheduled => "已改期至 {d}", "Rescheduled to {d}";
    WonSaved => "已成交，{r} 获转介积分", "Won; {r} credited for the referral";
    WonNoCard => "已成交", "Won";
    LostSaved => "已记为流失", "Marked lost";
    HandedBack => "已上交支行长重新分配", "Handed back to the branch head";
    Reassigned => "已改派给 {o}", "Reassigned to {o}";
    ConsentRecorded => "已记录客户同意联系", "Consent recorded";
    ConsentRefused => "客户不同意联系，不进入任何联系名单。", "The client does not agree to contact: kept off every contact list.";
    ProspectAddedHand => "已加入跟进名单", "Added to follow-ups";
    NoProspectSelected => "请先选择一位跟进客户。", "Select a prospect first.";
    RefEnded => "该跟进已结束（{s}）。", "This prospect has ended ({s}).";
    RefNoConsent => "客户未同意联系：请先记录同意。", "The client has not agreed to contact: record consent first.";
    RefSameOwner => "负责人没有变化。", "That is already the owner.";
    RefNotStaff => "只能交给在岗的员工跟进。", "A prospect goes only to a member of staff at work.";
    ProspectChanged => "该跟进刚被他人处理，已刷新。", "Someone else just changed that prospect; refreshed.";
    AlreadyProspect => "该客户在此条线已在跟进名单。", "This client is already on the follow-up list for that line.";
    // end-of-day report
    RptTitle => "日终报表 · {branch}", "End-of-day report · {branch}";
    RptChainHead => "操作记录链头（本期结束时）：`{h}`", "Event chain head at the end of the period: `{h}`";
    RptDate => "营业日：{d}", "Business day: {d}";
    RptDates => "营业日：{from} 至 {to}", "Business days: {from} to {to}";
    RptVisits => "客流", "Visits";
    RptArrived => "到店", "Arrived";
    RptServed => "办结", "Served";
    RptNoShow => "过号", "No-show";
    RptDiverted => "分流", "Diverted";
    RptStillWaiting => "仍在等候", "Still waiting";
    RptOpen => "办理中", "In progress";
    RptWaits => "等候时间", "Waiting times";
    RptWaitRule => "等候＝首次叫号−到店；今日仍在等候的计至此刻，往日遗留未叫号的不计。", "Wait = first call − arrival; a ticket still waiting today counts until now; one left waiting on an earlier day is left out.";
    RptService => "业务", "Service";
    RptAll => "合计", "All";
    RptCount => "人数", "Count";
    RptAvgMin => "平均（分）", "Avg (min)";
    RptP90Min => "90%（分）", "P90 (min)";
    RptMaxMin => "最长（分）", "Max (min)";
    RptOver => "超{m}分", "Over {m}m";
    RptServiceTimes => "办理时长", "Service times";
    RptCounter => "窗口", "Counter";
    RptTeller => "柜员", "Teller";
    RptReferrals => "转介", "Referrals";
    RptLine => "条线", "Line";
    RptCreated => "转介", "Created";
    RptAccepted => "接收", "Accepted";
    RptContracted => "签约", "Contracted";
    RptAmount => "签约金额", "Amount";
    RptDeclined => "拒绝", "Declined";
    RptIntent => "意向", "Intent";
    RptObjection => "拒绝原因", "Objection";
    RptReferrer => "转介人", "Referrer";
    RptFunnel => "转化漏斗（本期发起的转介，截至目前）", "Funnel (referrals begun in the period, as of now)";
    RptFollowups => "跟进", "Follow-ups";
    RptContacted => "联系次数", "Contacts";
    RptWon => "成交", "Won";
    RptLost => "流失", "Lost";
    RptHandedBack => "上交支行", "Handed back";
    RptOpenProspects => "跟进中", "Open now";
    RptDueTomorrow => "次日到期", "Due next day";
    RptOverdue => "逾期", "Overdue";
    RptStaff => "人员与积分", "Staff and points";
    RptCode => "工号", "Code";
    RptName => "姓名", "Name";
    RptConverted => "转介成交", "Converted";
    RptClosed => "签约", "Closed";
    RptContacts => "联系", "Contacts";
    RptPoints => "积分", "Points";
    RptPointsRule => "积分＝转介×{r}＋转介成交×{v}＋签约×{c}＋联系×{k}", "Points = referrals×{r} + converted×{v} + closed×{c} + contacts×{k}";
    RptHours => "分时段", "By hour";
    RptHour => "时段", "Hour";
    RptAvgWaitMin => "平均等候（分）", "Avg wait (min)";
    RptNone => "（无）", "(none)";
    ErrReportDate => "日期应为 YYYY-MM-DD 格式：{d}", "A date must be YYYY-MM-DD: {d}";
    ErrReportOrder => "起始日期 {from} 晚于结束日期 {to}。", "The first day {from} is after the last day {to}.";
    // end-of-day review
    TabReview => "日终", "Review";
    KeyPrevDay => "前一天", "previous day";
    KeyNextDay => "后一天", "next day";
    KeySweep => "日终清理", "closing sweep";
    KeySkip => "跳过", "skip";
    RvTitle => "日终 {d}", "Day review {d}";
    RvVisits => "到访", "Visits";
    RvArrived => "到店", "arrived";
    RvServed => "已办", "served";
    RvNoShow => "过号", "no-show";
    RvDiverted => "分流", "diverted";
    RvWaiting => "仍在等候", "still waiting";
    RvWaits => "等候时间（分）", "Waits (minutes)";
    RvAll => "全部", "all";
    RvCount => "人数", "count";
    RvAvg => "平均", "avg";
    RvP90 => "九成", "p90";
    RvMax => "最长", "max";
    RvOverW => ">{w}分", ">{w}m";
    RvOverA => ">{a}分", ">{a}m";
    RvService => "办理时长（分）", "Service time (minutes)";
    RvReferrals => "转介", "Referrals";
    RvFunnel => "转介 → 接收 → 签约", "created → accepted → contracted";
    RvCreated => "转介", "created";
    RvAcceptedN => "接收", "accepted";
    RvContractedN => "签约", "contracted";
    RvAmount => "金额", "amount";
    RvDeclined => "拒绝", "declined";
    RvIntent => "意向", "intent";
    RvFollowups => "跟进", "Follow-ups";
    RvContacted => "联系", "contacted";
    RvWon => "成交", "won";
    RvLost => "流失", "lost";
    RvHandedBack => "上交", "handed back";
    RvDueTomorrow => "明日到期", "due tomorrow";
    RvOverdue => "逾期", "overdue";
    RvPoints => "积分", "Points";
    RvConverted => "转化", "converted";
    RvClosed => "促成", "closed";
    RvContacts => "联系", "contacts";
    RvPts => "积分", "points";
    RvNobody => "（无）", "(none)";
    RvChart => "每小时到访", "Arrivals per hour";
    RvChartWait => "平均等候（分）", "Avg wait (min)";
    SweepTitle => "日终清理 {k}/{n}", "Closing sweep {k}/{n}";
    SweepDone => "没有需要你清理的未结卡片或到期跟进。", "Nothing left open that is yours to settle.";
    SweepCard => "卡片 #{id} · {line} · {need} · {st}", "Card #{id} · {line} · {need} · {st}";
    SweepProspect => "跟进 · {line} · 负责人 {o} · {due}", "Prospect · {line} · owner {o} · {due}";
    SweepEnd => "Esc 结束", "Esc end";
    DetailReferredOn => "{by} 于 {t} 转出 · 原转介人 {r}", "referred on by {by} at {t} · original referrer {r}";
    NobodyToReassign => "没有可改派的人。", "Nobody else to give it to.";
    OutcomeSettledWon => "；客户的跟进已按成交结清", "; the client's follow-up was settled as won";
    ClientRenamed => "；客户姓名已更新", "; the client's name was updated";
    RvNoLaterDay => "已是今天：之后的日子还没有数据。", "This is today: later days have no figures yet.";
    RvSweepToday => "日终清扫只处理今天（{d}）仍未结的事项：请先用 ] 回到今天。", "The closing sweep settles what is still open today ({d}): go to today with ] first.";
    RvFunnelOf => "漏斗：本日发起的原始转介，截至目前", "Funnel: original referrals begun this day, as of now";
    RvTotalsOf => "合计：本日所有卡片（含再转介）", "Totals: every card of the day (re-referrals too)";
    RvOpen => "办理中", "in progress";
    RvOpenProspects => "跟进中", "open";
    SweptLater => "已改期至 {d}", "Rescheduled to {d}";
    // roles and privacy
    KeyShield => "隐私遮挡", "privacy shield";
    KeyReveal => "查看完整信息", "reveal";
    KeyHistory => "操作记录", "history";
    ShieldOn => "隐私遮挡已开启：客户信息已隐藏。再按 Ctrl-p 关闭。", "Privacy shield on: client details hidden. Ctrl-p again to lift it.";
    ShieldBadge => "遮挡中", "SHIELD";
    Revealed => "已显示完整信息 {s} 秒（已记录）", "Shown in full for {s} seconds (recorded)";
    DenyServe => "只有柜员和大堂经理办理排队。", "Only tellers and the lobby manager work the queue.";
    DenyQueue => "只有大堂经理可以分流。", "Only the lobby manager can divert.";
    DenyLine => "只有{line}条线的经理处理这些卡片。", "Only the {line} line's managers work these cards.";
    DenyProspect => "这位客户由 {o} 跟进。", "This prospect belongs to {o}.";
    DenyHead => "只有支行长可以改派。", "Only the branch head can reassign.";
    DenyCounter => "该号在 {c} 号窗口，不是你的窗口。", "That ticket is at counter {c}, not yours.";
    DenyReveal => "只有负责人或支行长可以查看完整信息。", "Only the record's owner or the branch head can reveal it.";
    DenyHeadOnly => "只有支行长可以这样做。", "Only the branch head can do that.";
    DenyTicketState => "该号当前为“{s}”，不能这样做。", "Not possible while the ticket is {s}.";
    DenyCardState => "该卡当前为“{s}”，不能这样做。", "Not possible while the card is {s}.";
    HistoryOf => "操作记录 · {r}", "History · {r}";
    HistoryEmpty => "没有记录。", "No events.";
    // care of the file and the roster
    BackupDone => "已备份到 {p}", "Backed up to {p}";
    DoctorIntegrity => "完整性：{r}", "Integrity: {r}";
    DoctorOk => "正常", "ok";
    DoctorSchema => "结构版本：{v}（本程序 {s}）", "Schema version: {v} (this lobbydesk: {s})";
    DoctorNotOurs => "这不是大堂通数据库。", "This is not a lobbydesk database.";
    DoctorForeign => "{t} 第 {id} 行指向不存在的 {p}", "{t} row {id} points to a missing {p}";
    DoctorGood => "数据库完好。", "The database is in good health.";
    PurgeRetention => "记录须保留 {y} 年：清除日期最晚为 {l}，不能是 {d}。", "Records are kept for {y} years: the purge date can be {l} at the latest, not {d}.";
    PurgeAsk => "将匿名化 {n} 位客户（{d} 之前已结束的记录），此操作不能撤销。确认请输入 yes：", "This anonymises {n} clients whose records all ended before {d}, and cannot be undone. Type yes to confirm: ";
    PurgeNeedsYes => "清除须确认：在终端中运行并输入 yes，或加上 --yes。", "A purge must be confirmed: run it in a terminal and type yes, or add --yes.";
    PurgeCancelled => "未清除任何内容。", "Nothing was purged.";
    PurgeScrubbed => "已从数据库文件中抹去旧数据（已整理并截断日志）。", "Old copies were wiped from the database file (vacuumed, log truncated).";
    DoctorChain => "操作记录链：共 {n} 条，链头 {h}", "Event chain: {n} events, head {h}";
    DoctorChainBroken => "操作记录从第 {id} 条起被改动、删除或重排。", "The event history was changed, deleted or reordered from event {id} on.";
    DoctorTriggers => "操作记录的只追加保护缺失：{t}", "The event log's append-only guard is missing: {t}";
    DoctorAnchorOk => "锚点 {h} 仍在操作记录中。", "Anchor {h} is still part of the history.";
    DoctorAnchorMissing => "锚点 {h} 不在操作记录中：历史已被改写。", "Anchor {h} is not in the history: it was rewritten.";
    DoctorBad => "数据库有问题，请从备份恢复或联系支持。", "The database has problems: restore a backup or get support.";
    PurgeDone => "已匿名化 {n} 位客户（{d} 之前已结束的记录）。", "Anonymised {n} clients whose records all ended before {d}.";
    BadDate => "日期格式应为 YYYY-MM-DD：{d}", "A date is YYYY-MM-DD: {d}";
    StaffAdded => "已加入名册：{c} {n}", "Added to the roster: {c} {n}";
    StaffDeactivated => "已停用：{c}", "Deactivated: {c}";
    StaffExists => "名册中已有工号 {c}。", "The roster already has code {c}.";
    StaffBadRole => "没有角色 {r}，可选：lobby, teller, wealth, credit, head, kiosk, display（或条线角色）", "No role {r}; choose from lobby, teller, wealth, credit, head, kiosk, display (or a line's role)";
    StaffNeedsHead => "只有支行长可以修改名册：请用 --as 指定支行长。", "Only the branch head edits the roster: give --as a branch head's code.";
    CfgRead => "无法读取：{e}", "cannot be read: {e}";
    CfgKeyShape => "keys.{id}：应为一个按键或按键列表。", "keys.{id}: expected a key or a list of keys.";
    CfgKeyUnknown => "keys.{id}：无法识别的按键“{k}”。", "keys.{id}: unknown key \"{k}\".";
    CfgKeyNoBinding => "keys.{id}：没有这个按键设置。", "keys.{id}: there is no such binding.";
    PurgeFuture => "清除日期不能晚于今天（{t}）：{d}", "The purge date cannot be after today ({t}): {d}";
    StaffBadCode => "工号只能是 1 到 12 位字母、数字或下划线：{c}", "A staff code is 1 to 12 letters, digits or underscores: {c}";
    StaffHeader => "工号  姓名  角色  窗口  在岗", "code  name  roles  counter  active";
    KeyConsent => "同意/撤回联系", "consent / withdraw";
    TabClients => "客户", "Clients";
    KeySearch => "搜索", "search";
    FormSearch => "搜索客户", "Find a client";
    ClientsTitle => "客户", "Clients";
    ClientsLatest => "最近来访前 {n} 位", "latest {n} visitors";
    ClientsPrompt => "按 / 输入姓名或手机号的一部分搜索客户。", "Press / and type part of a name or mobile to find a client.";
    ClientsNone => "没有找到“{q}”。", "Nothing found for \"{q}\".";
    ColVisits => "到访", "Visits";
    ColLastVisit => "最近到访", "Last visit";
    ErrDiskFull => "磁盘已满，这一项没有保存。请腾出空间后再试；之前保存的内容不受影响。", "The disk is full: this was not saved. Free some space and try again; what was saved before is safe.";
    ErrReadOnlyHere => "数据库现在无法写入（文件被设为只读、移走或删除），这一项没有保存。已显示的内容仍可查看；请检查文件后重新启动大堂通。", "The database can no longer be written (the file was made read-only, moved or deleted): this was not saved. What is shown can still be read; check the file, then restart lobbydesk.";
    ErrIo => "读写数据库文件出错（磁盘故障，或文件被移走、变为只读），刚才的操作没有保存。已显示的内容仍可查看；请检查磁盘后重新启动大堂通。", "The database file could not be read or written (a disk fault, or the file was moved or made read-only): nothing new was saved. What is shown can still be read; check the disk, then restart lobbydesk.";
    DoctorMissing => "没有这个数据库文件：{p}", "There is no database file at {p}";
    StaffLastHead => "不能停用最后一位支行长：请先加入另一位支行长。", "Cannot deactivate the last branch head: add another head first.";
    RecTicket => "号票", "ticket";
    RecCard => "卡片", "card";
    RecProspect => "跟进", "prospect";
    RecClient => "客户", "client";
    EvClientAdd => "登记客户", "client recorded";
    EvCalls => "叫号次数", "calls";
    EvClientPurge => "匿名化", "anonymised";
    EvStaffAdd => "加入名册", "added to the roster";
    EvStaffUpdate => "修改名册", "roster entry changed";
    KeyCloseDay => "日终", "close the day";
    FormCloseDay => "日终：关闭这一天（未结的号随之关闭，数字从此不变）？", "Close the day (open tickets close, figures stop changing)?";
    FieldConfirm => "确认", "Confirm";
    RptDayClosed => "已日终：{at}，{by}", "Closed {at} by {by}";
    RptDayClosedAuto => "已自动日终：{at}（{by}）", "Closed automatically {at} ({by})";
    DayClosedAlready => "这一天已日终。", "That day is closed already.";
    DayNotOverYet => "这一天还没有到，不能日终。", "That day has not come yet: it cannot be closed.";
    DaysClosedAuto => "{n} 个营业日无人日终，已自动日终（{from} 至 {to}）。", "{n} business days nobody closed were closed automatically ({from} to {to}).";
    DenyCloseDay => "只有大堂经理或支行长可以日终。", "Only the lobby manager or the branch head closes the day.";
    DayClosed => "{d} 已日终，数字不再改变。", "{d} is closed: its figures stand.";
    DayNotOver => "{d} 还没有结束，不能日终。", "{d} is not over yet: it cannot be closed.";
    DayClosedNow => "已日终 {d}：未办理 {u} 张、未办结 {f} 张已关闭。", "Closed {d}: {u} left unserved and {f} not finished were closed.";
    DayClosedAuto => "{d} 无人日终，已自动日终。", "{d} was not closed by anyone: closed automatically.";
    EvTicketClose => "日终关闭", "closed at day end";
    EvDayClose => "日终", "day closed";
    EvNoticeSend => "提醒", "notice";
    EvListExport => "导出名单", "list exported";
    EvStaffDeactivate => "停用", "deactivated";
    DemoReferrals => "其中转介卡 {c} 张、跟进客户 {k} 位、联系记录 {n} 条", "with {c} referral cards, {k} prospects and {n} contacts";
    // command line and database
    ErrMissingFolder => "数据库所在文件夹不存在：{p}", "The database folder does not exist: {p}";
    ErrServer => "backup、purge 和 demo 只能用在 SQLite 数据库文件上：服务器的备份和把已删除的数据从服务器文件中抹去（pg_dump、VACUUM FULL）由服务器管理员做。其余命令都能在服务器上用：{p}", "backup, purge and demo work on an SQLite file only: on a server, backups and wiping erased data from the server's files (pg_dump, VACUUM FULL) are its administrator's job. Every other command works on a server: {p}";
    ServerReady => "服务器数据库已就绪：{p}（结构 {from} → {to}）。", "The server database is ready: {p} (schema {from} → {to}).";
    CopyNotServer => "copy 的 --to 是 PostgreSQL 服务器地址（postgresql://…）：{p}", "copy's --to is a PostgreSQL server's address (postgresql://…): {p}";
    CopyDone => "支行 {b} 已迁入服务器：{t} 张表共 {r} 行，操作记录 {e} 条（本次新增 {new} 条），链已在服务器上核验，链头 {h}。", "Branch {b} is on the server: {r} rows in {t} tables, {e} events ({new} new this time); the chain verified on the server, head {h}.";
    CopySourceBroken => "文件的操作记录从第 {id} 条起被改动过，不迁入：请先用 lobbydesk doctor 检查 {p}。", "The file's event trail was changed from event {id} on, so it is not copied: check {p} with lobbydesk doctor first.";
    CopyDiverged => "支行 {b} 迁入后已在服务器上办过业务：再迁一次会丢掉这些记录，所以不迁。", "Branch {b} has worked on the server since it was copied: copying again would lose that work, so nothing is copied.";
    CopyMismatch => "服务器上的副本与文件不一致：{w}。", "The copy on the server does not match the file: {w}.";
    CopyNotAdmin => "只有服务器管理员（超级用户）才能迁入支行。", "Only the server's administrator (a superuser) copies a branch in.";
    CopyBadBranch => "支行代码只能有字母、数字、- 和 _：{b}", "A branch code has only letters, digits, - and _: {b}";
    CopyNothing => "服务器上什么也没有改。", "Nothing was changed on the server.";
    InitNeedsHead => "在数据库文件上，init 要给出支行长：--head 工号 --name 姓名。", "On a database file, init names the branch head: --head CODE --name NAME.";
    SignInNoLogin => "这个数据库登录账号没有对应支行名册上的工号：请服务器管理员用 lobbydesk_add_login 登记。", "This database login is not mapped to a code on a branch's roster: the server's administrator maps it with lobbydesk_add_login.";
    SignInOtherLogin => "这个数据库登录账号是工号 {l} 的，不能以 {c} 的身份登录。", "This database login belongs to {l}: it cannot sign in as {c}.";
    RegionTitle => "辖区报表：各支行及合计", "The region: each branch and the total";
    RegionTotal => "合计", "Total";
    RegionColumns => "支行 | 到访 | 已办理 | 未到 | 转介 | 已接 | 签约 | 签约金额（元） | 跟进联系 | 赢得 | 在跟进", "Branch | Arrived | Served | No-show | Referrals | Accepted | Contracted | Contracted (yuan) | Contacts | Won | Open follow-ups";
    ReportBranchOnFile => "--branch 用于服务器上的报表：一个数据库文件只有一个支行。", "--branch is for a report on a server: a database file holds one branch.";
    ReportNoBranch => "服务器上没有支行 {b}（或这个登录账号看不到它）。", "The server has no branch {b} (or this login cannot see it).";
    DayNotSeenWhole => "在支行服务器上只有支行长的登录账号能日终：日终数字要看到每一位客户的跟进，其他账号只看到自己的。", "On a branch server only the branch head's login closes a day: its figures count every prospect, and other logins see only their own.";
    ErrBadAddress => "服务器地址写得不对（应如 postgresql://主机/数据库）：{p}", "The server address is not right (it reads like postgresql://host/database): {p}";
    ErrUnreachable => "连不上数据库服务器 {p}：请检查地址、网络，以及服务器是否在运行。", "Cannot reach the database server {p}: check the address, the network and that the server is running.";
    ErrNoTls => "数据库服务器 {p} 不提供加密连接，而地址要求加密（sslmode）：请服务器管理员开启 TLS（ssl = on）。什么也没有发给它。", "The database server {p} offers no encrypted connection, and the address asks for one (sslmode): ask its administrator to turn TLS on (ssl = on). Nothing was sent to it.";
    ErrTlsUntrusted => "无法证实数据库服务器 {p} 是支行的服务器：它的证书不是由给定的根证书（sslrootcert）签发的，或已过期。什么也没有发给它。", "The database server {p} could not be proven to be the branch's: its certificate is not signed by the root certificate given (sslrootcert), or has expired. Nothing was sent to it.";
    ErrTlsName => "数据库服务器的证书不是为 {p} 签发的：请用证书上的名字连接，或改用 sslmode=verify-ca。什么也没有发给它。", "The database server's certificate is not for {p}: connect by the name in its certificate, or use sslmode=verify-ca. Nothing was sent to it.";
    ErrNoRootCert => "读不了根证书 {p}（sslrootcert）：没有它就无法证实服务器（sslmode=verify-ca 或 verify-full）。", "Cannot read the root certificate {p} (sslrootcert): without it the server cannot be verified (sslmode=verify-ca or verify-full).";
    ErrLoginRefused => "数据库服务器拒绝了登录账号 {p}：请检查账号和密码（PGPASSWORD 或 ~/.pgpass）。", "The database server refused the login {p}: check the login and its password (PGPASSWORD or ~/.pgpass).";
    ErrNoDatabase => "服务器上没有这个数据库：{p}。请服务器管理员先建立它。", "The server has no such database: {p}. The server's administrator creates it first.";
    ErrNotLobbydeskServer => "这个服务器数据库里已有别的表，不是大堂通数据库：{p}", "This server database holds other tables: it is not a lobbydesk database: {p}";
    ErrConnectionLost => "与数据库服务器的连接断了，正在重连；没有显示已保存的操作都没有保存。", "The connection to the server was lost, retrying; anything not shown as saved was not saved.";
    ErrServerOlder => "服务器上的数据库结构较旧（结构 {found}，本程序需要 {supported}）：请服务器管理员运行 lobbydesk init 升级。", "The server's database is older (schema {found}, this lobbydesk needs {supported}): the server's administrator upgrades it with lobbydesk init.";
    ErrSaveUnknown => "与数据库服务器的连接在保存时断了，服务器还没有恢复：刚才的操作是否保存，要等服务器恢复后在屏幕上查看，请不要重做。", "The connection to the server was lost while saving and the server is not back yet: whether it was saved shows on screen once it is back; do not do it again yet.";
    ErrSavedUnseen => "与数据库服务器的连接在保存时断了，已重连：刚才的操作已经保存，不必重做。", "The connection to the server was lost while saving and is back: what you just did was saved; do not do it again.";
    ErrReadOnly => "无法写入数据库（文件或文件夹只读）：{p}", "Cannot write the database (the file or its folder is read-only): {p}";
    ErrNotLobbydesk => "这个文件不是大堂通数据库：{p}", "This file is not a lobbydesk database: {p}";
    ErrNewer => "数据库来自更新的版本（结构 {found}，本程序支持到 {supported}），请升级大堂通。", "The database comes from a newer lobbydesk (schema {found}, this one knows up to {supported}); please upgrade.";
    ErrDamaged => "数据库已损坏：{p}。请用 lobbydesk doctor 检查或从备份恢复。", "The database is damaged: {p}. Check it with lobbydesk doctor or restore a backup.";
    ErrDamagedHere => "数据库已损坏。请用 lobbydesk doctor 检查或从备份恢复。", "The database is damaged. Check it with lobbydesk doctor or restore a backup.";
    ErrExists => "文件已存在，未覆盖：{p}", "The file already exists and was not overwritten: {p}";
    ErrLocked => "数据库正忙，请稍后再试。", "The database is busy; please try again.";
    ErrDatabase => "数据库错误：{e}", "Database error: {e}";
    ErrUnknownStaff => "名册中没有工号 {c}。", "No staff member with code {c} in the roster.";
    SignInBuiltIn => "LOBBY 是旧记录里的内置大堂账号，不能用来登录：请用您自己的工号。", "LOBBY is the built-in lobby account of older records; nobody signs in as it: use your own code.";
    SignInLocked => "工号 {c} 因连续五次输错 PIN 已被锁定：请支行长用 lobbydesk staff pin {c} 重设。", "{c} is locked after five wrong PINs: the branch head resets it with lobbydesk staff pin {c}.";
    SignInWrong => "PIN 不对：再错 {n} 次工号将被锁定。", "Wrong PIN: {n} more wrong and the code is locked.";
    PinBad => "PIN 是 4 到 12 位数字。", "A PIN is 4 to 12 digits.";
    PinsDiffer => "两次输入的 PIN 不一致。", "The two PINs differ.";
    SignInNotNew => "这个数据库已有名册：请用 --as 加工号登录。", "This database already has a roster: sign in with --as and your code.";
    OsUserTaken => "系统账户 {u} 已绑定工号 {c}。", "The system account {u} is already bound to {c}.";
    OsUserBad => "系统账户名不能为空，也不能含空格：{u}", "A system account name is not empty and has no spaces: {u}";
    DenyKiosk => "取号机只能登记到访客户。", "A ticket kiosk only registers walk-ins.";
    KioskNoDesk => "取号机不打开工作台：它用 walkin add 登记到访客户。", "A kiosk does not open the desk: it registers walk-ins with walkin add.";
    SignInHow => "请用 --as 加您的工号登录（PIN 在终端输入，或由 LOBBYDESK_PIN 提供）。", "Sign in with --as and your staff code (the PIN from the terminal or LOBBYDESK_PIN).";
    SignInNoTerminal => "没有终端可以输入 PIN：请在 LOBBYDESK_PIN 中提供。", "No terminal to ask for the PIN: give it in LOBBYDESK_PIN.";
    SignInCancelled => "已取消登录。", "Sign-in cancelled.";
    PromptCode => "工号：", "Staff code: ";
    PromptPin => "{c} 的 PIN：", "PIN for {c}: ";
    PromptNewPin => "为 {c} 设一个 PIN（4 到 12 位数字）：", "Choose a PIN for {c} (4 to 12 digits): ";
    PromptPinAgain => "再输入一次：", "Once more: ";
    FirstRunWelcome => "新的数据库：先登记支行长（只问这一次）。", "A new database: first, the branch head (asked only this once).";
    PromptHeadCode => "支行长的工号（如 H01）：", "The branch head's staff code (e.g. H01): ";
    PromptHeadName => "支行长的姓名：", "The branch head's name: ";
    FirstRunNoTerminal => "新的数据库还没有支行长：请在终端中运行 lobbydesk，或运行 lobbydesk init --head 工号 --name 姓名（PIN 由 LOBBYDESK_PIN 提供）。", "A new database has no branch head yet: run lobbydesk in a terminal, or lobbydesk init --head CODE --name NAME with the PIN in LOBBYDESK_PIN.";
    HeadReady => "支行长已登记：{c} {n}", "Branch head registered: {c} {n}";
    StaffReactivated => "已恢复在岗：{c}", "Reactivated: {c}";
    StaffPinSet => "已为 {c} 设好 PIN，并已解锁。", "PIN set for {c}, and unlocked.";
    StaffBound => "{c} 已绑定系统账户 {u}。", "{c} is bound to the system account {u}.";
    StaffUnbound => "{c} 不再绑定系统账户。", "{c} is no longer bound to a system account.";
    DemoNotHere => "演示营业日只写入演示数据库或新的数据库：这个数据库有真实名册。", "Demo days go only into a demo or new database: this one has a real roster.";
    EvStaffSignIn => "登录", "signed in";
    EvStaffSignInFailed => "PIN 输错", "wrong PIN";
    EvStaffLocked => "锁定", "locked";
    EvStaffPin => "设置 PIN", "PIN set";
    EvStaffBind => "绑定系统账户", "system account bound";
    EvStaffReactivate => "恢复在岗", "reactivated";
    ErrUnknownService => "没有业务类型 {s}，可选：{list}", "No service type {s}; choose one of: {list}";
    ErrUnknownPriority => "没有客户类别 {s}，可选：{list}", "No priority class {s}; choose one of: {list}";
    ErrField => "{f}：{e}", "{f}: {e}";
    ErrConfig => "配置文件有误：{e}", "The config file is wrong: {e}";
    SetToml => "第 {n} 行：不是有效的 TOML（{e}）。", "Line {n}: not valid TOML ({e}).";
    SetUnknown => "第 {n} 行：没有“{k}”这项设置。", "Line {n}: there is no setting \"{k}\".";
    SetShape => "第 {n} 行：有一项的值缺失或不对（{e}）。", "Line {n}: a value is missing or of the wrong kind ({e}).";
    SetRange => "{k} 必须在 {a} 到 {b} 之间。", "{k} must be between {a} and {b}.";
    SetMore => "{k} 必须大于 {t}。", "{k} must be more than {t}.";
    SetAtLeast => "{k} 不能小于 {t}。", "{k} must not be less than {t}.";
    SetEmpty => "{l} 不能为空。", "{l} must not be empty.";
    SetDuplicate => "{l}：代码 {c} 出现了两次。", "{l}: the code {c} appears twice.";
    SetBadCode => "{l}：代码“{c}”只能由小写字母、数字和下划线组成（至多 24 个）。", "{l}: the code \"{c}\" must be lowercase letters, digits or underscores (at most 24).";
    SetBadLetter => "services：业务字母“{c}”必须是一个大写字母。", "services: the letter \"{c}\" must be one capital letter.";
    SetNoLabel => "{l}：{c} 缺少中文或英文名称。", "{l}: {c} needs a name in both Chinese and English.";
    SetNoNormal => "priorities：至少要有一个普通类别（priority = false）。", "priorities: at least one class must be the normal queue (priority = false).";
    SetNoRole => "lines：条线 {c} 没有 role：请填写该条线客户经理的名册角色。", "lines: the line {c} has no role: give it the roster role of its managers.";
    SetFixedRole => "lines：条线 {c} 不能使用角色“{r}”：应为该条线专有的角色，不能是 lobby、teller、head，也不能与其他条线相同。", "lines: the line {c} cannot have the role \"{r}\": it needs a role of its own, not lobby, teller or head nor another line's.";
    SetNoLine => "{l}：{c} 指向不存在的条线 {x}。", "{l}: {c} points to the line {x}, which does not exist.";
    SetStored => "数据库中的网点设置有误：{e}", "The branch settings in the database are wrong: {e}";
    SetFileWrong => "设置文件 {p} 有误：{e}", "The settings file {p} is wrong: {e}";
    SetReadFile => "无法读取设置文件 {p}：{e}", "Cannot read the settings file {p}: {e}";
    SetImported => "网点设置已更新为第 {v} 版，变更：{c}", "Branch settings updated to version {v}; changed: {c}";
    SetUnchanged => "网点设置没有变化，未写入任何内容。", "The branch settings are unchanged: nothing was written.";
    SetNeedsHead => "只有支行长可以修改网点设置：请用 --as 指定支行长。", "Only the branch head changes the branch settings: give --as a branch head's code.";
    EvSettingsImport => "导入网点设置", "branch settings imported";
    CfgBranch => "[{t}] 是网点设置，个人配置文件不能修改：只有支行长可以用 lobbydesk settings import 更改。", "[{t}] is a branch setting, which a personal config cannot change: only the branch head changes it, with lobbydesk settings import.";
    CfgUnknown => "第 {n} 行：未知的设置“{k}”：个人配置文件只能包含 [keys] 和 lang。", "line {n}: unknown key \"{k}\": a personal config holds only [keys] and lang.";
    CfgLang => "lang 只能是 zh 或 en。", "lang must be zh or en.";
    CfgKeyTaken => "keys.{id}：按键 {k} 在同一界面已用于 {other}。", "keys.{id}: {k} is already the key of {other} there.";
    CfgKeyFixed => "keys.{id}：按键 {k} 固定用于切换标签或取消，不能绑定。", "keys.{id}: {k} is fixed (tabs, cancel) and cannot be bound.";
    CfgQuitUnbound => "keys.quit：退出至少要有一个按键。", "keys.quit: quit needs at least one key.";
    ErrNoDataDir => "找不到本机的数据文件夹，请用 --db 指定数据库。", "Cannot find this machine's data folder; give the database with --db.";
    ErrTerminal => "无法使用终端：{e}", "Cannot use the terminal: {e}";
    ErrNotTerminal => "全屏界面需要终端：标准输入和标准输出都必须是终端。脚本和管道请用子命令（lobbydesk --help）。", "The full screen needs a terminal: standard input and standard output must both be a terminal. From a script or a pipe, use a subcommand (lobbydesk --help).";
    ErrOutputClosed => "输出在写完之前被关闭（读取的一方已停止）。", "The output was closed before everything was written (its reader stopped).";
    ErrOutputFull => "无法写出输出：磁盘已满。", "Could not write the output: the disk is full.";
    ErrOutput => "无法写出输出：{e}", "Could not write the output: {e}";
    TicketSavedNotPrinted => "{n} 已保存，但无法打印。", "{n} was saved but could not be printed.";
    SavedNotPrinted => "更改已保存，但确认信息无法打印。", "The change was saved but its confirmation could not be printed.";
    FieldRequest => "请求编号", "Request id";
    ErrRequestId => "须为 1 至 64 个英文字母、数字或 - _ . :", "must be 1 to 64 letters, digits, -, _, . or :";
    ErrOutFile => "无法写入 {p}：{e}", "Could not write {p}: {e}";
    ErrDemo => "无法创建演示数据库：{e}", "Cannot create the demo database: {e}";
    DemoWritten => "已写入 {d} 个营业日、{t} 张号票到 {p}", "Wrote {d} business days, {t} tickets to {p}";
    // notices
    NoticesMissed => "您不在时有 {n} 条提醒，最新：{s}", "{n} notices while you were away; the latest: {s}";
    // mine (my referrals, points)
    TabMine => "我的", "Mine";
    MineTitle => "我的转介", "My referrals";
    MineToday => "今日", "Today";
    MineMonth => "本月", "This month";
    MineQuarter => "本季", "This quarter";
    MinePeriod => "{p} {from} 至 {to}", "{p} {from} to {to}";
    MineEmpty => "这段时间没有你转介的卡片（含再转介）。按 p 切换今日、本月、本季。", "No card you referred (re-referrals included) in this period. p switches today, this month, this quarter.";
    ColCard => "卡片", "Card";
    ColOutcome => "结果", "Outcome";
    MinePoints => "积分", "Points";
    MineTotal => "合计 {n} 分", "{n} points";
    MinePlace => "转介人第{r}名/共{n}人", "referrer #{r} of {n}";
    MineNoPlace => "本期未转介", "no referrals yet";
    MineNoCredits => "本期还没有积分。", "No points in this period yet.";
    MineMore => "另有 {n} 条", "{n} more";
    CreditReferral => "转介", "referral";
    CreditConverted => "转介成交", "converted";
    CreditClosed => "签约", "closed";
    CreditContact => "联系", "contact";
    MineNotices => "我的提醒", "My notices";
    MineNoNotices => "没有提醒。", "No notices.";
    KeyPeriod => "今日/本月/本季", "today/month/quarter";
    MineTargets => "我的目标 · {p}（本月已过 {e}%）", "My targets · {p} ({e}% of the month gone)";
    NoticeLanded => "#{id} 新转介，来自 {by}", "card #{id} referred to you by {by}";
    NoticeAccepted => "#{id} 已被 {by} 接收", "card #{id} accepted by {by}";
    NoticeSettled => "#{id} 结果：{s}（{by}）", "card #{id} settled by {by}: {s}";
    NoticeClientArrived => "您的专属客户到了：{t}", "A client of yours has arrived: {t}";
    NoticeWaiting => "#{id} 待接收，客户仍在大堂", "card #{id} waits to be accepted, the client still in the lobby";
    // pairs and dedicated managers
    KeyClientManager => "专属经理", "manager";
    ClientManagerShown => "专属客户经理：{m}", "dedicated manager: {m}";
    PairNotTeller => "{c} 不是名册上在岗的柜员。", "{c} is not an active teller on the roster.";
    PairNotManager => "{c} 不是{line}条线在岗的客户经理。", "{c} is not an active manager of the {line} line.";
    PairNotAnyManager => "{c} 不是任何条线在岗的客户经理。", "{c} is not an active manager of any line.";
    PairUnknownLine => "网点设置中没有条线 {line}。", "There is no line {line} in the branch settings.";
    PairNone => "{t} 在{line}条线没有对子。", "{t} has no pair on the {line} line.";
    DenyMeantFor => "这张卡先给 {m}：未在时限内接卡，条线其他客户经理才可接。", "This card is meant for {m} first: other managers of the line may take it once the wait has passed.";
    DenyNotManager => "只有支行长或条线的客户经理可以这样做（指定专属客户经理、预约、修改客户资料）。", "Only the branch head or a line's manager may do that (set a dedicated manager, book an appointment, edit a client's record).";
    FieldReceiver => "接卡人", "For";
    ReceiverLine => "整个条线", "The whole line";
    ReceiverPair => "{n}（对子）", "{n} (pair)";
    ReceiverDedicated => "{n}（专属）", "{n} (dedicated)";
    CardMeantFor => "给{n}", "for {n}";
    PairsNone => "还没有对子。", "No pairs yet.";
    PairSaved => "对子已设：{t} — {line} — {m}", "Pair set: {t} — {line} — {m}";
    PairRemoved => "对子已取消：{t} — {line}", "Pair removed: {t} — {line}";
    ManagerSaved => "客户 {id} 的专属客户经理：{m}", "Client {id}'s dedicated manager: {m}";
    ManagerCleared => "客户 {id} 已无专属客户经理。", "Client {id} has no dedicated manager now.";
    ManagerUnchanged => "客户 {id} 的专属客户经理没有变化。", "Client {id}'s dedicated manager is unchanged.";
    ErrNoClient => "找不到客户 {c}（手机号或编号）。", "No client {c} (mobile or id).";
    FormManager => "专属客户经理", "Dedicated manager";
    FieldManager => "客户经理", "Manager";
    ManagerNone => "无（取消）", "None (clear)";
    RvPairs => "对子", "Pairs";
    RvTeller => "柜员", "teller";
    RvManager => "客户经理", "manager";
    RvPairWait => "接卡(分,中位)", "accept (min, median)";
    RvConversion => "转化率", "conversion";
    EvPairSet => "设对子", "pair set";
    EvPairRemove => "取消对子", "pair removed";
    // targets
    EvTargetSet => "设定目标", "target set";
    EvTargetRemove => "删除目标", "target removed";
    TgReferrals => "转介", "referrals";
    TgContracts => "签约", "contracts";
    TgAmount => "签约金额", "amount";
    TgContacts => "联系", "contacts";
    TgAhead => "超前", "ahead";
    TgOnTrack => "正常", "on track";
    TgBehind => "落后", "behind";
    TgScopeAll => "全部", "all";
    TgPerson => "个人", "person";
    TgLine => "条线", "line";
    TgLeft => "（已离岗）", " (left)";
    TgTitle => "目标完成情况 · {branch}", "Targets · {branch}";
    TgPeriodLine => "期间：{p}（{from} 至 {to}）· 截至 {on} · 已过 {d}/{n} 天（{e}%）", "Period: {p} ({from} to {to}) · as of {on} · {d}/{n} days gone ({e}%)";
    TgTargets => "目标", "Targets";
    TgBranch => "全行合计", "Branch totals";
    TgWhom => "对象", "For";
    TgWho => "名称", "Who";
    TgMeasure => "指标", "Measure";
    TgScope => "范围", "Scope";
    TgTarget => "目标", "Target";
    TgDone => "完成", "Done";
    TgPercent => "完成率", "Done %";
    TgPace => "进度", "Pace";
    TgCount => "目标数", "Targets";
    TgNoneSet => "本期没有设定目标。", "No targets are set for the period.";
    TgPaceRule => "进度：完成率不低于已过时间比例加 10 个百分点为超前，不低于减 10 个百分点为正常，否则为落后（按自然日计）。", "Pace: done % at least the share of the period gone by + 10 points is ahead, at least − 10 points on track, otherwise behind (calendar days).";
    TgBadPeriod => "期间应为月份（如 2026-11）或季度（如 2026-Q4）：{p}", "A period is a month (2026-11) or a quarter (2026-Q4): {p}";
    TgBadMeasure => "指标只能是 referrals、contracts、amount 或 contacts：{m}", "The measure is referrals, contracts, amount or contacts: {m}";
    TgBadValue => "目标值须为正数（件数为整数，金额以元计、最多两位小数）：{v}", "A target is a positive number (a whole count, or yuan with at most two decimals): {v}";
    TgUnknownPerson => "名册中没有工号 {c}。", "Nobody on the roster has the code {c}.";
    TgUnknownLine => "网点设置中没有条线 {c}。", "The branch settings have no line {c}.";
    TgUnknownNeed => "网点设置中没有需求类别 {c}。", "The branch settings have no need category {c}.";
    TgUnknownProduct => "网点设置中没有产品 {c}。", "The branch settings have no product {c}.";
    TgNotSet => "没有这项目标：未删除任何内容。", "There is no such target: nothing was removed.";
    TgNeedsHead => "只有支行长可以设定或删除目标：请用 --as 指定支行长。", "Only the branch head sets or removes targets: give --as a branch head's code.";
    TgSaved => "已设定目标：{w} · {m} · {s} · {p} = {v}", "Target set: {w} · {m} · {s} · {p} = {v}";
    TgReplaced => "（原为 {old}）", " (was {old})";
    TgRemoved => "已删除目标：{w} · {m} · {s} · {p}（原为 {v}）", "Target removed: {w} · {m} · {s} · {p} (was {v})";
    TgWhomNeeded => "请用 --person 或 --line 指定目标的对象（只能选一个）。", "Give whom the target is for: --person CODE or --line CODE (one of them).";
    TgScopeOne => "--need 和 --product 只能选一个。", "Give --need or --product, not both.";
    TgReview => "目标 {p} · 已过 {e}%", "Targets {p} · {e}% gone";
    TgBehindList => "落后：{w}", "Behind: {w}";
    TgNoneBehind => "无人落后", "nobody behind";
    TgAllPeople => "全行 · 个人", "all people";
    TgAllLines => "全行 · 条线", "all lines";
    // counters (records, pauses, routing)
    SetNoService => "{l}：{c} 所办业务“{x}”不在 services 中。", "{l}: {c} takes the service \"{x}\", which services does not list.";
    SetCounterTwice => "counters：编号 {n} 用了两次（窗口与条线的 desk 编号不能重复）。", "counters: the number {n} is used twice (counters and lines' desks each need their own).";
    SetCountersBoth => "branch.counters 与 [[counters]] 不能同时使用：请只保留 [[counters]]。", "branch.counters and [[counters]] cannot both be given: keep only [[counters]].";
    SetCounterIdle => "counters：{n} 号窗口没有所办业务（services）。", "counters: counter {n} takes no service (services).";
    SetDeskHalf => "lines：条线 {c} 的 desk 与 services 须同时填写。", "lines: the line {c} needs both a desk and its services, or neither.";
    DeskOf => "{l}席", "{l} desk";
    EvCounterPause => "窗口暂停", "counter paused";
    EvCounterReopen => "窗口恢复", "counter reopened";
    DenyCounterPaused => "{c} 号窗口已暂停服务：先恢复再叫号。", "Counter {c} is paused: reopen it before calling.";
    DenyCounterBusy => "{c} 号窗口正在办理：先办完（或挂起）再暂停。", "Counter {c} is serving: finish (or hold) the ticket before pausing.";
    DenyCounterOpen => "{c} 号窗口没有暂停。", "Counter {c} is not paused.";
    NobodyForCounter => "没有等候{c}所办业务（{s}）的客户。", "Nobody is waiting for what {c} takes ({s}).";
    ErrUnknownCounter => "没有 {c} 号窗口，可选：{list}", "There is no counter {c}; choose one of: {list}";
    ErrUnknownReason => "没有暂停原因 {s}，可选：{list}", "No pause reason {s}; choose one of: {list}";
    FieldPauseReason => "暂停原因", "Reason";
    ChooseCounter => "请选择窗口。", "Choose a counter.";
    ChooseReason => "请选择暂停原因。", "Choose a reason.";
    PausedFor => "暂停：{r}", "paused: {r}";
    FormPause => "暂停服务", "Pause the counter";
    FormPauseAny => "暂停或恢复窗口（已暂停的窗口选中即恢复）", "Pause or reopen a counter (a paused one is reopened)";
    CounterPausedDone => "{c} 号窗口已暂停：{r}。", "Counter {c} paused: {r}.";
    CounterReopened => "{c} 号窗口已恢复服务（暂停 {m}）。", "Counter {c} reopened (paused {m}).";
    KeyPause => "暂停/恢复", "pause/reopen";
    ColServices => "业务", "Takes";
    ColSince => "自", "Since";
    Paused => "暂停", "paused";
    RptCounterTimes => "窗口时间", "Counter times";
    RptCalls => "叫号", "Calls";
    RptWalks => "开始办理", "Started";
    RptWalkMin => "走到窗口（分）", "Walk (min)";
    RptIdleMin => "空闲（分）", "Idle (min)";
    RptPausedMin => "暂停（分）", "Paused (min)";
    RptPausedFor => "{r}（分）", "{r} (min)";
    PausedSince => "自 {t}", "since {t}";
    // calling board (叫号屏)
    DenyDisplay => "叫号屏只显示排队情况。", "A calling display only shows the queue.";
    DenyNotDisplay => "叫号屏用叫号屏账号运行（角色 display；大堂经理和支行长也可以查看）。", "The calling board runs under a display account (role display; the lobby manager and the head may look at it too).";
    DisplayNoDesk => "叫号屏账号不打开工作台：请运行 lobbydesk board。", "A display account does not open the desk: run lobbydesk board.";
    RoleDisplay => "叫号屏", "Calling display";
    BoardTitle => "叫号", "Now calling";
    BoardCounter => "{c}号窗口", "Counter {c}";
    BoardSentence => "请{n}号到{c}号窗口", "Ticket {n}, please go to counter {c}";
    BoardNoCall => "请取号等候", "Please take a ticket and wait";
    BoardRecent => "最近叫号", "Recent calls";
    BoardQueue => "排队情况", "Queue";
    BoardService => "业务", "Service";
    BoardWaiting => "等候人数", "Waiting";
    BoardExpected => "预计等候", "Expected wait";
    BoardPeople => "{n}人", "{n}";
    BoardAbout => "约{t}", "about {t}";
    BoardNoWait => "无需等候", "no wait";
    BoardRecall => "（第{n}次呼叫）", " (call {n})";
    BoardNoneYet => "（暂无）", "(none yet)";
    BoardQuit => "按 {k} 退出", "{k} quits";
    SetAnnounce => "board.announce 须为一条命令（不超过 200 个字符，不含控制字符），例如 \"espeak-ng -v zh\"。", "board.announce must be one command (at most 200 characters, no control characters), e.g. \"espeak-ng -v zh\".";
    // expected wait, priority rule, transfer
    ColExpected => "预计", "Est.";
    WhyNextLine => "下一位 {n}：{why}", "Next {n}: {why}";
    WhyFirstCome => "按到达顺序", "first come";
    WhyPriority => "优先", "priority";
    WhyPriorityStreak => "优先，已连续{k}次", "priority, {k} in a row";
    WhyOwed => "普通，已等候{w}分，超过{m}分", "normal, waited {w}m, over {m}m";
    WalkinIssued => "{n} · 前面还有{a}人 · 预计等候{m}分钟", "{n} · {a} ahead · about {m} min";
    KeyTransfer => "转业务", "transfer";
    StepTransfer => "转业务", "transferred";
    FormTransfer => "转到其他业务", "Transfer to another service";
    FieldToService => "转到", "To service";
    Transferred => "{n} 转到{s}，保留号码和到达时间", "{n} transferred to {s}, keeping its number and arrival";
    // appointments and service level
    NoDesk => "您没有自己的接待席：请支行长在设置中为条线指定接待席。", "You have no desk of your own: the branch head gives each line a desk in the settings.";
    KeyBook => "预约", "appointment";
    KeyCheckIn => "预约签到", "check in";
    FormBook => "预约到店", "Book an appointment";
    FormCheckIn => "预约签到", "Check in an appointment";
    FieldApptDay => "日期", "Day";
    FieldApptTime => "时间", "Time";
    FieldApptWith => "约见", "With";
    FieldAppointment => "预约", "Appointment";
    ApptBadTime => "请用 时:分，如 10:30", "use hours:minutes, e.g. 10:30";
    ApptInPast => "预约时间已过，请选择之后的时间。", "That time has passed: choose a later one.";
    ApptNotBooked => "该预约{s}，不能再办理。", "That appointment is {s}: nothing more can be done with it.";
    ApptNotToday => "该预约在 {d}，只能当天签到。", "That appointment is on {d}: a client is checked in on its day.";
    ApptAnyManager => "{line}（任一经理）", "{line} (any manager)";
    ApptBooked => "已预约", "booked";
    ApptArrived => "已到店", "arrived";
    ApptMissed => "已爽约", "missed";
    ApptCancelled => "已取消", "cancelled";
    ApptBookedDone => "已预约 {d} {t}，约见 {w}。", "Booked for {d} {t} with {w}.";
    ApptCheckedIn => "{n} 已签到，已通知 {p}。", "Checked in as {n}; {p} has been told.";
    ApptCalled => "已叫 {n} 到您的座位。", "Called {n} to your desk.";
    ApptNoneBooked => "今天没有待签到的预约。", "No appointment waits to be checked in today.";
    ApptMissedNow => "{n} 个预约超时未到，已标记爽约并回到预约经理的跟进。", "{n} appointments passed unattended: marked missed, back on their managers' follow-ups.";
    ApptToCome => "预约待到", "Appts due";
    ApptExpected => "今日预约（待签到 {n}/{all}）", "Expected today ({n} of {all} to come)";
    DenyRoutedTo => "这是 {p} 的预约客户：只有 {p} 或大堂经理可以叫号。", "This client came to see {p}: only {p} or the lobby manager calls them.";
    NoticeApptArrived => "预约客户已到店：{n}", "Your appointment has arrived: {n}";
    EvApptBook => "预约", "Appointment booked";
    EvApptCheckIn => "预约签到", "Appointment checked in";
    EvApptMissed => "预约爽约", "Appointment missed";
    EvApptCancel => "取消预约", "Appointment cancelled";
    RecAppointment => "预约", "appointment";
    RvAppointments => "预约", "Appointments";
    RvApptBooked => "预约", "Booked";
    RvApptArrived => "到店", "Arrived";
    RvApptMissed => "爽约", "Missed";
    RvApptCancelled => "取消", "Cancelled";
    RvLevel => "叫号服务水平", "Service level";
    RvWithin => "{m}分钟内叫号 {p}", "called within {m}m {p}";
    RptWithinN => "{m}分钟内叫号", "Called within {m}m";
    RptShare => "占比", "Share";
    RvByHour => "按时段", "By hour";
    RvHourN => "{h}时", "{h}:00";
    // client records and import
    EvClientImport => "导入客户", "Clients imported";
    ImpRow => "第{n}行：{why}", "row {n}: {why}";
    ImpBadMobile => "手机号格式不对", "bad mobile";
    ImpBadName => "姓名过长或含控制字符", "name too long or with control characters";
    ImpBadTags => "标签过长或含控制字符", "tags too long or with control characters";
    ImpUnknownTier => "客户等级“{t}”不在设置中", "unknown tier “{t}”";
    ImpBadDate => "{f}不是日期（如 2024-03-05）", "{f} is not a date (e.g. 2024-03-05)";
    ImpBadNumber => "持有产品数应为整数", "products held is not a whole number";
    ImpBadConsent => "同意联系应为 是 或 否", "consent must be yes or no";
    ImpDuplicate => "手机号与第{r}行重复", "duplicate mobile (row {r})";
    ImpUnreadable => "无法读取（引号不配对）", "unreadable (unmatched quotes)";
    ImpEmpty => "文件是空的：第一行应为表头。", "The file is empty: its first row must be the header.";
    ImpNoMobile => "找不到手机号列（手机号 / mobile）。", "No mobile column (手机号 / mobile).";
    ImpTwice => "有两列都表示{f}。", "Two columns both mean {f}.";
    ImpNotText => "文件不是 {e} 文本，请用 --encoding 指定编码。", "The file is not {e} text: name its encoding with --encoding.";
    ImpBadEncoding => "编码只能是 utf-8 或 gbk。", "The encoding is utf-8 or gbk.";
    ImpSummary => "新增 {a}，更新 {u}，不变 {s}，拒绝 {r}", "added {a}, updated {u}, unchanged {s}, refused {r}";
    ImpRefusedFile => "有 {r} 行被拒绝：整个文件没有导入，什么都没有改变。", "{r} rows refused: the file was not imported and nothing changed.";
    ImpDryRun => "试运行：什么都没有写入。", "Dry run: nothing was written.";
    ImpFieldName => "姓名", "Name";
    ImpFieldMobile => "手机号", "Mobile";
    ImpFieldTier => "客户等级", "Tier";
    ImpFieldTags => "标签", "Tags";
    ImpFieldProducts => "持有产品数", "Products held";
    ImpFieldOpened => "开户日期", "Opened";
    ImpFieldDeposit => "最近大额存入日期", "Last large deposit";
    ImpFieldCard => "卡激活日期", "Card activated";
    ImpFieldConsent => "同意联系", "Consent";
    KeyEditClient => "资料", "record";
    FormClientRecord => "客户资料", "Client record";
    ClientRecordSaved => "客户 {id} 的资料已保存。", "Client {id}'s record saved.";
    ClientRecordUnchanged => "资料没有改动。", "Nothing changed in the record.";
    ImpReadFile => "无法读取客户文件 {p}：{e}", "Cannot read the client file {p}: {e}";
    // complaints and satisfaction
    KeyComplain => "投诉", "complaint";
    KeyRate => "评价", "rate";
    KeyResolve => "办结投诉", "resolve";
    FormComplaint => "记录投诉", "Record a complaint";
    FormComplaintAbout => "记录投诉：{a}", "Record a complaint: {a}";
    FormResolve => "办结投诉", "Resolve a complaint";
    FormRate => "满意度评价", "Satisfaction rating";
    FieldComplaintKind => "投诉类型", "Kind";
    FieldSaid => "客户诉求", "What was said";
    FieldResponsible => "责任人", "Responsible";
    FieldComplaintOwner => "处理人", "Resolved by";
    FieldComplaintDue => "承诺办结日", "Promised by";
    FieldComplaint => "投诉", "Complaint";
    FieldResolution => "处理结果", "Resolution";
    FieldFeedback => "回访方式", "Feedback contact";
    FieldFeedbackNote => "客户反馈", "Client's answer";
    FieldValid => "有效投诉", "Valid complaint";
    FieldScore => "评分", "Rating";
    CpKindWait => "等候时间", "Waiting";
    CpKindAttitude => "服务态度", "Attitude";
    CpKindError => "业务差错", "Error";
    CpKindProduct => "产品问题", "Product";
    CpKindEnvironment => "网点环境", "Environment";
    CpKindOther => "其他", "Other";
    CpNobody => "无特定责任人", "Nobody in particular";
    CpValidYes => "有效（扣分）", "Valid (points deducted)";
    CpValidNo => "无效", "Not valid";
    Sat5 => "非常满意", "Very satisfied";
    Sat4 => "满意", "Satisfied";
    Sat3 => "一般", "Neutral";
    Sat2 => "不满意", "Dissatisfied";
    Sat1 => "非常不满意", "Very dissatisfied";
    CpRecorded => "投诉 #{id} 已记录，承诺 {d} 前办结。", "Complaint #{id} recorded, to be resolved by {d}.";
    CpResolvedNow => "投诉 #{id} 已办结。", "Complaint #{id} resolved.";
    CpResolvedValid => "投诉 #{id} 已办结：有效投诉，{who} 扣 {p} 分。", "Complaint #{id} resolved: valid, {p} points deducted from {who}.";
    CpResolvedAlready => "该投诉已办结。", "The complaint is resolved already.";
    CpChanged => "该投诉已被他人处理，请重新查看。", "The complaint changed elsewhere: look again.";
    CpNoneToResolve => "没有需要您办结的投诉。", "No complaint for you to resolve.";
    CpMine => "待办投诉", "Complaints to resolve";
    CpOverdueMark => "逾期", "overdue";
    CpDueOn => "{d}前", "by {d}";
    CpVisit => "{n}号", "visit {n}";
    CpClient => "客户 {id}", "client {id}";
    CpBranch => "网点", "the branch";
    Rated => "{n} 评价已记录：{s}。", "{n} rated: {s}.";
    RatedLow => "{n} 评价已记录：{s}。可记录投诉（Esc 跳过）。", "{n} rated: {s}. Record a complaint? (Esc skips)";
    RatedAlready => "{n} 已评价过（{s}分），每次来访只评价一次。", "{n} was rated already ({s}); a visit is rated once.";
    RateNothing => "本窗口今天没有待评价的已办结号码。", "No finished visit at your counter today waits for a rating.";
    RateBadScore => "评分应为 1 到 5：5 非常满意，1 非常不满意。", "A rating is 1 to 5: 5 very satisfied, 1 very dissatisfied.";
    RateNoTicket => "{d} 没有号码 {n}。", "No ticket {n} on {d}.";
    NoticeComplaintOwned => "投诉 #{id} 由您处理（{by}记录）", "Complaint #{id} is yours to resolve (recorded by {by})";
    NoticeComplaintOverdue => "投诉 #{id} 已过承诺办结日仍未办结", "Complaint #{id} is past its promised day, unresolved";
    EvComplaintOpen => "记录投诉", "Complaint recorded";
    EvComplaintResolve => "办结投诉", "Complaint resolved";
    EvRatingAdd => "满意度评价", "Satisfaction rated";
    RvComplaints => "投诉：未结 {o}，逾期 {d}", "Complaints: open {o}, overdue {d}";
    RptComplaints => "投诉", "Complaints";
    RptCpOpened => "新增", "Opened";
    RptCpResolved => "办结", "Resolved";
    RptCpValid => "有效", "Valid";
    RptCpOverdue => "逾期未结", "Overdue";
    RptCpOpen => "未结", "Open";
    RptCpDeducted => "扣分", "Points deducted";
    RptCpKind => "类型", "Kind";
    RptCpPerson => "责任人", "Responsible";
    RptRatings => "满意度", "Satisfaction";
    RptRatingBy => "按{b}", "By {b}";
    RptRatingCount => "评价数", "Ratings";
    RptRatingAvg => "平均分", "Average";
    RptRatingCounter => "窗口", "counter";
    RptRatingTeller => "柜员", "teller";
    RptRatingService => "业务", "service";
    RptRatingAll => "合计", "All";
    MineDeducted => "有效投诉 {n}×−{p}", "valid complaints {n}×−{p}";
    RvCpDay => "当日：", "The day:";
    RvCpAbout => "涉及", "About";
    RvCpOwner => "处理人", "Owner";
    RvCpDue => "承诺日", "By";
    RvCpNone => "当前没有未结投诉。", "No complaint is open.";
    RvCpMore => "另有 {n} 条未列出（最早承诺的在前）。", "{n} more not listed (the earliest promised first).";
    // dormancy and campaigns
    CpHoliday => "节日问候", "holiday greeting";
    CpProduct => "产品营销", "product campaign";
    CpBadOccasion => "活动类型“{v}”不对：应为 holiday（节日问候）或 product（产品营销）。", "Occasion \"{v}\" is not known: holiday or product.";
    CpBadStatus => "客户状态“{v}”不对：应为 prospect（跟进中）、dormant（休眠）或 active（活跃）。", "Status \"{v}\" is not known: prospect, dormant or active.";
    CpNoName => "活动需要一个名称。", "The campaign needs a name.";
    CpNoNamePlaceholder => "话术模板必须含 {name}（客户称呼）。", "The template must address the client with {name}.";
    CpBadPlaceholder => "话术模板只能含 {name} 和 {manager}，不能含 {v}。", "The template may hold only {name} and {manager}, not {v}.";
    CpTooLong => "话术模板最多 300 字。", "The template is at most 300 characters.";
    CpDates => "结束日期早于开始日期。", "The last day is before the first.";
    CpWindow => "成交统计天数应在 1 到 {n} 之间。", "The window is 1 to {n} days.";
    CpUnknown => "设置中没有“{v}”。", "The settings have no \"{v}\".";
    CpNoCampaign => "没有编号为 {id} 的活动。", "There is no campaign {id}.";
    CpNotRunning => "活动只在 {a} 至 {b} 期间发送。", "The campaign is sent only from {a} to {b}.";
    CpSaved => "活动 {id}「{n}」已建立：目标客户 {a} 位（只含同意联系的客户）。", "Campaign {id} \"{n}\" saved: {a} clients in its audience (consenting clients only).";
    CpNone => "还没有营销活动。", "No campaigns yet.";
    CpListLine => "{id}  {o}  {n}  {a} 至 {b}  目标 {c}  已发 {s}", "{id}  {o}  {n}  {a} to {b}  audience {c}  sent {s}";
    CpShow => "活动 {id}「{n}」（{o}）\n日期：{a} 至 {b}\n对象：{f}\n话术：{t}\n目标客户：{c}  已发送：{s}  待发送：{w}\n成交统计：发送后 {d} 天内", "Campaign {id} \"{n}\" ({o})\nDates: {a} to {b}\nAudience: {f}\nTemplate: {t}\nAudience: {c}  sent: {s}  still to send: {w}\nContracts counted within {d} days of sending";
    CpAnyone => "全部同意联系的客户", "every consenting client";
    CpExported => "已发送 {n} 位客户（已记入客户往来）。", "Sent to {n} clients (written on their history).";
    CpSkipped => "另有 {k} 位客户此前已由本活动发送过，这次不再重复。", "{k} clients were sent this campaign before and are left out this time.";
    CpNothingLeft => "本活动的目标客户都已发送过，没有新的名单。", "Every client of this campaign was sent it before: no new list.";
    CpNeedsHead => "营销活动由支行行长建立和发送。", "Only the branch head defines and sends campaigns.";
    CpHistory => "营销：{n}（{o}）已发送", "campaign: {n} ({o}) sent";
    KeyDormant => "休眠客户", "dormant";
    KeyFollowDormant => "交经理跟进", "to manager";
    DormantTitle => "休眠客户（按等级，久未往来者在前）", "Dormant clients (by tier, longest silent first)";
    DormantNone => "没有休眠客户。", "No dormant clients.";
    ColLastSeen => "最近往来", "Last seen";
    ColSilentDays => "天数", "Days";
    FormFollowDormant => "交经理跟进", "Follow up by a manager";
    DormantFollowed => "客户 {id} 已交给 {m} 跟进。", "Client {id} is on {m}'s follow-ups.";
    DormantNoOwner => "无专属经理", "no dedicated manager";
    DormantNotManager => "{m} 不是条线客户经理。", "{m} is not a line's manager.";
    ColMessage => "话术", "Message";
    RptCampaigns => "营销活动", "Campaigns";
    RptCampaign => "活动", "Campaign";
    RptAudience => "目标客户", "Audience";
    RptSent => "已发送", "Sent";
    RptCampaignContracts => "发送后成交", "Contracts after";
    RptWithinDays => "{n}（{d} 天内）", "{n} (within {d} days)";
    EvCampaignAdd => "建立营销活动", "campaign defined";
    EvCampaignSend => "发送营销活动", "campaign sent";
    DenyDormant => "只有行长、大堂经理和客户经理可以把休眠客户交给跟进。", "Only the head, the lobby manager and line managers put dormant clients on follow-ups.";
    LrHistory => "跟进结束：流失（{r}），{by}", "follow-up ended lost ({r}), {by}";
    RptLostReasons => "流失原因", "Lost, by reason";
    RptLostReason => "原因", "Reason";
    RptLostCount => "流失", "Lost";
    CvTitle => "营销活动（只读）", "Campaigns (read only)";
    CvNone => "还没有营销活动（lobbydesk campaign add）。", "No campaigns yet (lobbydesk campaign add).";
    ColOccasion => "类型", "Occasion";
    ColDates => "日期", "Dates";
    ColAudience => "对象", "Audience";
    ColReach => "人数", "Reach";
    ColSent => "已发", "Sent";
    // cross-sell prompts and tiers
    SetTierAssets => "tiers：{c} 的 min_assets 必须大于前一个等级的。", "tiers: {c}'s min_assets must be more than the tier before's.";
    SetCrossSellNeeds => "cross_sell：{c} 的规则需要 {k}。", "cross_sell: {c}'s rule needs {k}.";
    SetCrossSellUnused => "cross_sell：{c} 的规则不用 {k}，请删去。", "cross_sell: {c}'s rule does not use {k}; remove it.";
    SetCrossSellTier => "cross_sell：{c} 的等级 {x} 不在 tiers 里。", "cross_sell: {c} names the tier {x}, which tiers lacks.";
    SetCrossSellNeed => "cross_sell：{c} 建议的需求 {x} 不在 needs 里。", "cross_sell: {c} suggests the need {x}, which needs lacks.";
    SetImportField => "import.columns：列 {k} 对应的字段 {f} 不存在（可用：{all}）。", "import.columns: column {k} maps to {f}, which is no client field (known: {all}).";
    ImpFieldDepositAmount => "最近大额存入金额", "Last large deposit amount";
    ImpFieldAssets => "资产", "Assets";
    ImpTierColumn => "客户等级取自文件的等级列（资产列不用于定级）。", "Tiers come from the file's tier column (the assets column sets no tier).";
    ImpTierAssets => "文件没有等级列：客户等级按资产和支行设置的门槛确定。", "The file has no tier column: each tier follows from the assets and the branch's thresholds.";
    ImpTierNoThresholds => "支行设置没有等级的资产门槛：资产列不用于定级。", "The branch settings give tiers no asset thresholds: the assets column sets no tier.";
    CrossSellStatus => "交叉销售：{t}", "Cross-sell: {t}";
    CrossSellProposal => "交叉销售「{t}」建议{n}，可改", "cross-sell “{t}” proposes {n}";
    RptCrossSell => "交叉销售时机", "Cross-sell prompts";
    RvTrigger => "时机", "Trigger";
    RvShown => "提示", "shown";
    RvReferred => "转介", "referred";
    EvCrossSellShown => "显示交叉销售提示", "Cross-sell prompt shown";
    EvCrossSellCard => "转介来自交叉销售提示", "Card from a cross-sell prompt";
    // client search and lists at scale
    SearchMobileDigits => "手机号请输入后四位或完整的11位号码。", "For a mobile, type its last four digits or all eleven.";
    // closed-day figures and waking
    EvDayFigures => "日终数字补存", "closed days' figures kept";
}

impl Msg {
    pub fn fill(self, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.get(lang), args)
    }
}

/// Replace `{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), &v.to_string());
    }
    out
}

/// Display width in terminal cells (a Chinese character takes two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` cells, marking a cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// A duration in minutes as people read it: `7分` / `7m`, `1时05分` /
/// `1h05m`, `4天05时` / `4d05h`, from ten days on `13天` / `13d`.
pub fn minutes(lang: Lang, total: i64) -> String {
    let total = total.max(0);
    if total < 60 {
        Msg::Minutes.fill(lang, &[("m", &total)])
    } else if total >= 10 * 24 * 60 {
        Msg::Days.fill(lang, &[("d", &(total / (24 * 60)))])
    } else if total >= 24 * 60 {
        let hours = total / 60;
        Msg::DaysHours.fill(
            lang,
            &[("d", &(hours / 24)), ("h", &format!("{:02}", hours % 24))],
        )
    } else {
        Msg::HoursMinutes.fill(
            lang,
            &[("h", &(total / 60)), ("m", &format!("{:02}", total % 60))],
        )
    }
}

/// An amount in cents as money: `¥50,000.00`.
pub fn money(cents: i64) -> String {
    let yuan = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("¥{grouped}.{:02}", cents % 100)
}

/// How a card's status reads.
pub fn card_status(s: crate::domain::card::CardStatus) -> Msg {
    use crate::domain::card::CardStatus::*;
    match s {
        New => Msg::CsNew,
        Accepted => Msg::CsAccepted,
        Intent => Msg::CsIntent,
        Contracted => Msg::CsContracted,
        Declined => Msg::CsDeclined,
        FollowUp => Msg::CsFollowUp,
        Referred => Msg::CsReferred,
    }
}

/// How a prospect's stage reads.
pub fn stage(s: crate::domain::followup::Stage) -> Msg {
    use crate::domain::followup::Stage::*;
    match s {
        Open => Msg::SectUpcoming,
        Won => Msg::StageWon,
        Lost => Msg::StageLost,
        HandedBack => Msg::StageHandedBack,
    }
}

/// Why a field was refused, beside the field.
pub fn invalid(lang: Lang, e: crate::domain::validate::Invalid) -> String {
    use crate::domain::validate::Invalid;
    match e {
        Invalid::Required => Msg::InvalidRequired.get(lang).to_string(),
        Invalid::TooLong { max } => Msg::InvalidTooLong.fill(lang, &[("max", &max)]),
        Invalid::ControlChars => Msg::InvalidControl.get(lang).to_string(),
        Invalid::Mobile => Msg::InvalidMobile.get(lang).to_string(),
        Invalid::Amount => Msg::InvalidAmount.get(lang).to_string(),
    }
}

/// How a ticket's status reads.
pub fn status(s: crate::domain::ticket::Status) -> Msg {
    use crate::domain::ticket::Status::*;
    match s {
        Waiting => Msg::StWaiting,
        Called => Msg::StCalled,
        Serving => Msg::StServing,
        OnHold => Msg::StOnHold,
        Done => Msg::StDone,
        NoShow => Msg::StNoShow,
        Diverted => Msg::StDiverted,
        Unserved => Msg::StUnserved,
        Unfinished => Msg::StUnfinished,
    }
}

/// How a life-cycle step reads, by its code (`call`, `start`, …).
pub fn step_name(code: &str) -> Msg {
    match code {
        "call" => Msg::StepCall,
        "start" => Msg::StepStart,
        "finish" => Msg::StepFinish,
        "hold" => Msg::StepHold,
        "resume" => Msg::StepResume,
        "no_show" => Msg::StepNoShow,
        "reinstate" => Msg::StepReinstate,
        "transfer" => Msg::StepTransfer,
        _ => Msg::StepDivert,
    }
}

/// How an event's kind reads in the history: every kind has a label.
pub fn event_kind(k: crate::domain::event::EventKind) -> Msg {
    use crate::domain::event::EventKind as K;
    match k {
        K::TicketAdd => Msg::KeyNew,
        K::TicketCall => Msg::StepCall,
        K::TicketStart => Msg::StepStart,
        K::TicketFinish => Msg::StepFinish,
        K::TicketHold => Msg::StepHold,
        K::TicketResume => Msg::StepResume,
        K::TicketNoShow => Msg::StepNoShow,
        K::TicketDivert => Msg::StepDivert,
        K::TicketReinstate => Msg::StepReinstate,
        K::CardAdd => Msg::KeyReferral,
        K::CardAccept => Msg::StepAccept,
        K::CardOutcome => Msg::StepOutcome,
        K::CardRefer => Msg::StepRefer,
        K::CardContracted => Msg::OutContracted,
        K::ProspectAdd => Msg::KeyAddProspect,
        K::ProspectContact => Msg::KeyLog,
        K::ProspectReschedule => Msg::KeyReschedule,
        K::ProspectWon => Msg::KeyWon,
        K::ProspectLost => Msg::KeyLost,
        K::ProspectHandBack => Msg::KeyHandBack,
        K::ProspectReassign => Msg::KeyReassign,
        K::ClientReveal => Msg::KeyReveal,
        K::ClientConsent => Msg::FieldConsent,
        K::ClientAdd => Msg::EvClientAdd,
        K::ClientUpdate => Msg::EvClientUpdate,
        K::ClientPurge => Msg::EvClientPurge,
        K::StaffAdd => Msg::EvStaffAdd,
        K::StaffUpdate => Msg::EvStaffUpdate,
        K::StaffDeactivate => Msg::EvStaffDeactivate,
        K::StaffReactivate => Msg::EvStaffReactivate,
        K::StaffSignIn => Msg::EvStaffSignIn,
        K::StaffSignInFailed => Msg::EvStaffSignInFailed,
        K::StaffLocked => Msg::EvStaffLocked,
        K::StaffPin => Msg::EvStaffPin,
        K::StaffBind => Msg::EvStaffBind,
        K::ListExport => Msg::EvListExport,
        K::TicketClose => Msg::EvTicketClose,
        K::DayClose => Msg::EvDayClose,
        K::SettingsImport => Msg::EvSettingsImport,
        K::NoticeSend => Msg::EvNoticeSend,
        K::TargetSet => Msg::EvTargetSet,
        K::TargetRemove => Msg::EvTargetRemove,
        K::PairSet => Msg::EvPairSet,
        K::PairRemove => Msg::EvPairRemove,
        K::ClientManager => Msg::FormManager,
        K::CounterPause => Msg::EvCounterPause,
        K::CounterReopen => Msg::EvCounterReopen,
        K::TicketTransfer => Msg::StepTransfer,
        K::AppointmentBook => Msg::EvApptBook,
        K::AppointmentCheckIn => Msg::EvApptCheckIn,
        K::AppointmentMissed => Msg::EvApptMissed,
        K::AppointmentCancel => Msg::EvApptCancel,
        K::ClientImport => Msg::EvClientImport,
        K::CrossSellShown => Msg::EvCrossSellShown,
        K::CrossSellCard => Msg::EvCrossSellCard,
        K::DayFigures => Msg::EvDayFigures,
        K::CampaignAdd => Msg::EvCampaignAdd,
        K::CampaignSend => Msg::EvCampaignSend,
        K::ComplaintOpen => Msg::EvComplaintOpen,
        K::ComplaintResolve => Msg::EvComplaintResolve,
        K::RatingAdd => Msg::EvRatingAdd,
    }
}

/// What a notice tells, in one sentence: `by` names who caused it; a
/// settled card says its outcome (the notice's detail, a card status code);
/// `about` is how the record reads where the notice names it (a ticket's
/// number and the client's tier).
pub fn notice(lang: Lang, n: &crate::domain::notice::Notice, by: &str, about: &str) -> String {
    use crate::domain::notice::NoticeKind as K;
    let id = &n.record_id;
    match n.kind {
        K::CardLanded => Msg::NoticeLanded.fill(lang, &[("id", id), ("by", &by)]),
        K::CardAccepted => Msg::NoticeAccepted.fill(lang, &[("id", id), ("by", &by)]),
        K::CardSettled => {
            let status = crate::domain::card::CardStatus::parse(&n.detail)
                .map_or(n.detail.as_str(), |s| card_status(s).get(lang));
            Msg::NoticeSettled.fill(lang, &[("id", id), ("by", &by), ("s", &status)])
        }
        K::CardWaiting => Msg::NoticeWaiting.fill(lang, &[("id", id)]),
        K::ClientArrived => Msg::NoticeClientArrived.fill(lang, &[("t", &about)]),
        K::AppointmentArrived => Msg::NoticeApptArrived.fill(lang, &[("n", &n.detail)]),
        K::ComplaintOwned => Msg::NoticeComplaintOwned.fill(lang, &[("id", id), ("by", &by)]),
        K::ComplaintOverdue => Msg::NoticeComplaintOverdue.fill(lang, &[("id", id)]),
    }
}

/// How an appointment's status reads.
pub fn appointment_status(s: crate::domain::appointment::Status) -> Msg {
    use crate::domain::appointment::Status as S;
    match s {
        S::Booked => Msg::ApptBooked,
        S::Arrived => Msg::ApptArrived,
        S::Missed => Msg::ApptMissed,
        S::Cancelled => Msg::ApptCancelled,
    }
}

/// How a campaign's occasion reads (营销活动).
pub fn occasion(o: crate::domain::campaign::Occasion) -> Msg {
    use crate::domain::campaign::Occasion as O;
    match o {
        O::Holiday => Msg::CpHoliday,
        O::Product => Msg::CpProduct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            assert!(!m.get(Lang::Zh).is_empty(), "{m:?}");
            assert!(!m.get(Lang::En).is_empty(), "{m:?}");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_string()))
                .collect();
            v.sort();
            v
        };
        for m in Msg::ALL {
            assert_eq!(holes(m.get(Lang::Zh)), holes(m.get(Lang::En)), "{m:?}");
        }
    }

    #[test]
    fn durations_and_widths() {
        assert_eq!(minutes(Lang::Zh, 7), "7分");
        assert_eq!(minutes(Lang::En, 65), "1h05m");
        assert_eq!(minutes(Lang::Zh, 6090), "4天05时");
        assert_eq!(minutes(Lang::En, 24 * 60), "1d00h");
        assert_eq!(minutes(Lang::Zh, 13 * 24 * 60 + 70), "13天");
        assert_eq!(width("王小明"), 6);
        assert_eq!(truncate("王小明王小明", 7), "王小明…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(money(5_000_000), "¥50,000.00");
        assert_eq!(money(123_456_789), "¥1,234,567.89");
        assert_eq!(money(5), "¥0.05");
    }

    #[test]
    fn language_from_text() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
