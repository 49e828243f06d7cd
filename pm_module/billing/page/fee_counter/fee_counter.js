// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

// Fee Counter (收银台): the cashier finds a unit (unit code, name, mobile number, invoice number or
// the QR code of a payment notice), ticks what the payer pays, takes the money by one or more modes
// of payment and prints the receipt. Made for a desk with a keyboard, a scanner and a receipt
// printer: everything is reachable from the keyboard. The server side is pm_module.billing.counter.
const COUNTER_METHOD = "pm_module.billing.counter.";
const RECEIPT_FORMAT = "Fee Receipt";

frappe.pages["fee-counter"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Fee Counter"), single_column: true });
	wrapper.fee_counter = new FeeCounter(page, wrapper);
};

frappe.pages["fee-counter"].on_page_show = function (wrapper) {
	// /app/fee-counter?unit=<unit> opens a unit; ?query=<text> searches (a resident's name or mobile)
	const counter = wrapper.fee_counter;
	const options = frappe.route_options || {};
	const unit = options.unit || frappe.utils.get_url_arg("unit");
	const query = options.query || frappe.utils.get_url_arg("query");
	frappe.route_options = null;
	if (unit) {
		counter.open(unit);
	} else if (query) {
		counter.$query.val(query);
		counter.search();
	} else if (!counter.account) {
		counter.focus_search();
	}
};

class FeeCounter {
	constructor(page, wrapper) {
		this.page = page;
		this.wrapper = $(wrapper);
		this.account = null;
		this.results = [];
		this.busy = false;
		this.make();
		this.bind_keys();
	}

	// Layout -----------------------------------------------------------------------------------

	make() {
		const keys = [
			[__("Enter"), __("search / open")],
			["↑ ↓", __("choose")],
			[__("Ctrl+Enter") + " / F9", __("take payment")],
			[__("Esc"), __("new search")],
			["Alt+Q", __("search box")],
			["Alt+P", __("payer")],
			["Alt+A", __("amount")],
			["Alt+T", __("cash tendered")],
			["Alt+W", __("request waiver")],
		]
			.map(([key, what]) => `<span><kbd>${key}</kbd> ${what}</span>`)
			.join("");
		this.$body = $(`
			<div class="pm-counter">
				<div class="pm-counter-search">
					<div class="pm-counter-search-row">
						<input type="search" class="form-control input-lg pm-counter-query" data-pm-key="q" aria-keyshortcuts="Alt+Q"
							autocomplete="off" spellcheck="false" role="combobox" aria-expanded="false"
							aria-controls="pm-counter-results"
							aria-label="${__("Unit code, name, mobile number, invoice number or payment notice QR code")}"
							placeholder="${__("Unit code, name, mobile number, invoice number or scan the payment notice")}">
						<button class="btn btn-default btn-lg pm-counter-find" tabindex="-1">${__("Search")}</button>
					</div>
					<div class="pm-counter-keys text-muted">${keys}</div>
					<div class="pm-counter-results list-group" id="pm-counter-results" role="listbox"></div>
				</div>
				<div class="pm-counter-done"></div>
				<div class="pm-counter-account"></div>
			</div>`).appendTo(this.page.main);
		this.$query = this.$body.find(".pm-counter-query");
		this.$results = this.$body.find(".pm-counter-results");
		this.$account = this.$body.find(".pm-counter-account");
		this.$done = this.$body.find(".pm-counter-done");

		this.$body.find(".pm-counter-find").on("click", () => this.search());
		this.$query.on("keydown", (e) => this.on_query_key(e));
		this.$query.on("input", () => this.$results.data("query", null));
		this.page.set_secondary_action(__("New Search"), () => this.reset(), "search");
	}

	bind_keys() {
		// Ctrl+Enter / F9 takes the payment, Esc goes back to the search, while this page is shown
		// and no dialog is open (a dialog handles its own Enter and Esc)
		$(document).on("keydown.pm_fee_counter", (e) => {
			if (!this.wrapper.is(":visible") || $(".modal.show, .modal.in").length) return;
			if ((e.key === "Enter" && (e.ctrlKey || e.metaKey)) || e.key === "F9") {
				e.preventDefault();
				this.confirm_payment();
			} else if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && /^[a-z]$/i.test(e.key)) {
				// Alt+letter: the field or button marked with it (data-pm-key), as an accesskey would
				const $target = this.$body.find(`[data-pm-key="${e.key.toLowerCase()}"]:visible`).first();
				if (!$target.length) return;
				e.preventDefault();
				// a button acts (request waiver, print again); a field or the payer tab takes the focus
				$target.is("button:not(.pm-counter-payer)")
					? $target.trigger("focus").trigger("click")
					: $target.trigger("focus");
			} else if (e.key === "Escape") {
				if (this.$query.is(":focus") && this.$query.val()) {
					this.$query.val("");
					this.show_results([]);
					this.focus_search();
				} else {
					this.reset();
				}
			}
		});
	}

	focus_search() {
		// after frappe's own Esc handler, which blurs whatever has the focus
		setTimeout(() => this.$query.trigger("focus").trigger("select"), 0);
	}

	reset() {
		this.account = null;
		this.$account.empty();
		this.$done.empty();
		this.$query.val("");
		this.show_results([]);
		this.focus_search();
	}

	// Finding the unit -------------------------------------------------------------------------

	on_query_key(e) {
		const count = this.results.length;
		if (e.key === "ArrowDown" || e.key === "ArrowUp") {
			if (!count) return;
			e.preventDefault();
			const step = e.key === "ArrowDown" ? 1 : -1;
			this.highlight((this.active + step + count) % count);
		} else if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
			e.preventDefault();
			const query = this.$query.val().trim();
			if (count && this.$results.data("query") === query) {
				this.open(this.results[this.active].name);
			} else {
				this.search();
			}
		}
	}

	search() {
		const query = this.$query.val().trim();
		if (!query) return;
		// a scanned payment notice or a typed invoice number names the invoice: its payer comes first
		this.wanted_invoice = query.toUpperCase().startsWith("PMPAY:") ? query.slice(6).trim() : query;
		frappe.call({
			method: COUNTER_METHOD + "find",
			args: { query },
			callback: (r) => {
				const units = r.message || [];
				this.$results.data("query", query);
				if (units.length === 1) {
					this.show_results([]);
					this.open(units[0].name);
				} else {
					this.show_results(units);
					if (!units.length) {
						this.$results.html(
							`<div class="list-group-item text-muted pm-counter-none">${__(
								"No unit found for {0}",
								[frappe.utils.escape_html(query)]
							)}</div>`
						);
					}
				}
			},
		});
	}

	show_results(units) {
		const esc = frappe.utils.escape_html;
		this.results = units;
		this.active = 0;
		this.$query.attr("aria-expanded", units.length ? "true" : "false");
		this.$results.html(
			units
				.map(
					(u, i) => `
				<button type="button" class="list-group-item list-group-item-action pm-counter-result"
					id="pm-counter-result-${i}" role="option" data-index="${i}" data-unit="${esc(u.name)}">
					<b>${esc(u.unit_code || u.name)}</b>
					<span class="text-muted">${esc(u.estate || "")} · ${__(u.status || "")}</span>
					<span>${esc(u.current_owner_name || "")}${
						u.current_occupant_name && u.current_occupant_name !== u.current_owner_name
							? " / " + esc(u.current_occupant_name)
							: ""
					}</span>
				</button>`
				)
				.join("")
		);
		this.$results.find(".pm-counter-result").on("click", (e) => {
			this.open(this.results[$(e.currentTarget).data("index")].name);
		});
		if (units.length) this.highlight(0);
	}

	highlight(index) {
		this.active = index;
		const $items = this.$results
			.find(".pm-counter-result")
			.removeClass("active")
			.attr("aria-selected", "false");
		$items.eq(index).addClass("active").attr("aria-selected", "true");
		this.$query.attr("aria-activedescendant", `pm-counter-result-${index}`);
		$items.get(index)?.scrollIntoView({ block: "nearest" });
	}

	// The unit's account -----------------------------------------------------------------------

	open(unit, { keep_done = false } = {}) {
		return frappe.call({
			method: COUNTER_METHOD + "get_account",
			args: { unit },
			freeze: true,
			callback: (r) => {
				if (!r.message) return;
				if (!keep_done) this.$done.empty();
				this.show_results([]);
				this.account = r.message;
				this.currency =
					(window.erpnext && erpnext.get_currency && erpnext.get_currency(this.account.company)) ||
					frappe.boot.sysdefaults.currency;
				this.$query.val(this.account.unit.unit_code || this.account.unit.name).trigger("blur");
				const payers = this.account.payers;
				const wanted = this.account.invoices.find((i) => i.name === this.wanted_invoice);
				const kept = payers.find((p) => p.customer === this.payer);
				this.payer = wanted
					? wanted.customer
					: kept && keep_done
					? kept.customer
					: (payers.find((p) => p.outstanding > 0) || payers[0] || {}).customer;
				this.wanted_invoice = null;
				this.render();
			},
		});
	}

	render() {
		const a = this.account;
		const esc = frappe.utils.escape_html;
		const u = a.unit;
		const people = [u.current_owner_name, u.current_occupant_name]
			.filter((v, i, all) => v && all.indexOf(v) === i)
			.map(esc)
			.join(" / ");
		this.$account.html(`
			<div class="pm-counter-unit">
				<span class="pm-counter-unit-code">${esc(u.unit_code || u.name)}</span>
				<span class="text-muted">${esc(u.estate)} · ${esc(u.building)} · ${__(u.status || "")}${
			u.gross_area ? " · " + flt(u.gross_area, 2) + " m²" : ""
		}</span>
				<span>${people}</span>
			</div>
			<div class="row">
				<div class="col-lg-8 pm-counter-main">
					<div class="pm-counter-payers" role="tablist" aria-label="${__("Payer")}"></div>
					<div class="pm-counter-invoices"></div>
					<div class="pm-counter-charges"></div>
				</div>
				<div class="col-lg-4">
					<div class="pm-counter-pay"></div>
				</div>
			</div>`);
		this.render_payers();
		this.render_invoices();
		this.render_charges();
		this.render_payment();
		this.recalculate();
		this.focus_first_field();
	}

	focus_first_field() {
		// the money is usually cash: the cashier types what the payer handed over
		const $tendered = this.$account.find(".pm-counter-tendered");
		($tendered.length ? $tendered : this.$account.find(".pm-counter-mode").first()).trigger("focus");
	}

	payer_row() {
		return this.account.payers.find((p) => p.customer === this.payer);
	}

	render_payers() {
		const esc = frappe.utils.escape_html;
		const $payers = this.$account.find(".pm-counter-payers");
		if (!this.account.payers.length) {
			$payers.html(
				`<div class="alert alert-warning">${__(
					"This unit has no payer: register its owner first."
				)}</div>`
			);
			return;
		}
		$payers.html(
			`<span class="pm-counter-label">${__("Payer")}</span>` +
				this.account.payers
					.map(
						(p) => `
				<button type="button" role="tab" class="btn btn-sm pm-counter-payer ${
					p.customer === this.payer ? "btn-primary" : "btn-default"
				}" data-customer="${esc(p.customer)}" aria-selected="${p.customer === this.payer}"
					${p.customer === this.payer ? 'data-pm-key="p" aria-keyshortcuts="Alt+P"' : ""}>
					<b>${esc(p.customer_name)}</b>
					<span>${__("Owes")} ${this.money(p.outstanding)}</span>
					<span class="pm-counter-prepaid">${__("Prepaid")} ${this.money(p.prepaid)}</span>
				</button>`
					)
					.join("")
		);
		$payers.find(".pm-counter-payer").on("click", (e) => {
			this.payer = $(e.currentTarget).attr("data-customer");
			this.render();
		});
		$payers.on("keydown", ".pm-counter-payer", (e) => {
			if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
			const $all = $payers.find(".pm-counter-payer");
			const next =
				($all.index(e.currentTarget) + (e.key === "ArrowRight" ? 1 : -1) + $all.length) % $all.length;
			$all.eq(next).trigger("focus");
		});
	}

	invoices() {
		return this.account.invoices.filter((i) => i.customer === this.payer);
	}

	render_invoices() {
		const esc = frappe.utils.escape_html;
		const date = (d) => (d ? frappe.datetime.str_to_user(d) : "");
		const invoices = this.invoices();
		const $box = this.$account.find(".pm-counter-invoices");
		if (!invoices.length) {
			$box.html(
				`<div class="pm-counter-nothing text-muted">${__(
					"Nothing owed: whatever is paid now is kept as a prepayment (预存)."
				)}</div>`
			);
			return;
		}
		const rows = invoices
			.map((inv, i) => {
				const lines = (inv.items || [])
					.map(
						(it) => `<div>${esc(it.item_name)}
							<span class="text-muted">${flt(it.qty, 3)} ${esc(__(it.uom || "", null, "UOM"))}</span>
							<span class="pull-right">${this.money(it.amount)}</span></div>`
					)
					.join("");
				let waiver = "";
				if (inv.waiver) {
					waiver = `<label class="pm-counter-waiver">
						<input type="checkbox" class="pm-counter-use-waiver" checked>
						${__("use waiver")} −${this.money(Math.min(inv.waiver_amount, inv.late_fee))}</label>`;
				} else if (inv.late_fee > 0) {
					waiver = `<button type="button" class="btn btn-xs btn-link pm-counter-request-waiver">${__(
						"Request waiver"
					)}</button>`;
				}
				return `
				<tr data-invoice="${esc(inv.name)}">
					<td class="pm-counter-check"><input type="checkbox" class="pm-counter-tick" checked
						${i === 0 ? 'data-pm-key="i" aria-keyshortcuts="Alt+I"' : ""}
						aria-label="${__("Pay invoice {0}", [esc(inv.name)])}"></td>
					<td>
						<div class="pm-counter-period">${date(inv.from_date)} ~ ${date(inv.to_date)}</div>
						<div class="text-muted small">${esc(inv.name)}<br>${__("due")} ${date(inv.due_date)}</div>
					</td>
					<td class="small pm-counter-lines">${lines}</td>
					<td class="text-right pm-counter-outstanding">${this.money(inv.outstanding_amount)}</td>
					<td class="text-right pm-counter-days">${inv.days_overdue || 0}</td>
					<td class="text-right"><span class="pm-counter-fee">${this.money(inv.late_fee)}</span>${waiver}</td>
					<td class="text-right pm-counter-pays"></td>
				</tr>`;
			})
			.join("");
		$box.html(`
			<div class="table-responsive">
			<table class="table table-condensed pm-counter-table">
				<thead><tr>
					<th class="pm-counter-check"><input type="checkbox" class="pm-counter-tick-all" checked
						aria-label="${__("Pay all")}" tabindex="-1"></th>
					<th>${__("Period")}</th>
					<th>${__("Fee Items")}</th>
					<th class="text-right">${__("Outstanding")}</th>
					<th class="text-right">${__("Days Overdue")}</th>
					<th class="text-right">${__("Late Fee ({0}‰/day)", [this.account.late_fee_per_mille])}</th>
					<th class="text-right">${__("This Payment")}</th>
				</tr></thead>
				<tbody>${rows}</tbody>
			</table>
			</div>
			<div class="text-muted small">${__(
				"Ticked invoices are paid oldest first; a part payment pays the oldest first, with the late fee on the part paid."
			)}</div>`);
		$box.find(".pm-counter-tick, .pm-counter-use-waiver").on("change", () => this.recalculate(true));
		$box.find(".pm-counter-tick-all").on("change", (e) => {
			$box.find(".pm-counter-tick").prop("checked", $(e.currentTarget).prop("checked"));
			this.recalculate(true);
		});
		this.mark_waiver_key();
		$box.find(".pm-counter-request-waiver").on("click", (e) => {
			this.request_waiver($(e.currentTarget).closest("tr").attr("data-invoice"));
		});
		this.show_pending_waivers(invoices.filter((i) => !i.waiver && i.late_fee > 0).map((i) => i.name));
	}

	show_pending_waivers(invoices) {
		// a waiver asked for and not yet decided: no second request
		if (!invoices.length) return;
		frappe.db
			.get_list("Late Fee Waiver", {
				filters: { sales_invoice: ["in", invoices], status: "Pending" },
				fields: ["name", "sales_invoice", "amount"],
			})
			.then((waivers) =>
				waivers.forEach((w) => this.mark_waiver_pending(w.sales_invoice, w.name, w.amount))
			);
	}

	mark_waiver_key() {
		// Alt+W: the first invoice whose late fee may still be asked off
		this.$account
			.find(".pm-counter-request-waiver")
			.first()
			.attr({ "data-pm-key": "w", "aria-keyshortcuts": "Alt+W" });
	}

	mark_waiver_pending(invoice, waiver, amount) {
		const $row = this.$account.find(`.pm-counter-invoices tr[data-invoice="${CSS.escape(invoice)}"]`);
		$row.find(".pm-counter-request-waiver").replaceWith(
			`<span class="pm-counter-waiver-pending" data-waiver="${frappe.utils.escape_html(waiver)}">${__(
				"Waiver of {0} awaiting approval",
				[this.money(amount)]
			)}</span>`
		);
		this.mark_waiver_key();
	}

	render_charges() {
		const charges = this.account.pending_charges || [];
		if (!charges.length) return;
		const esc = frappe.utils.escape_html;
		this.$account.find(".pm-counter-charges").html(`
			<div class="pm-counter-subtitle">${__("Pending Unit Charges (billed with the next invoice)")}</div>
			<table class="table table-condensed small">
				${charges
					.map(
						(c) => `<tr><td>${frappe.datetime.str_to_user(c.charge_date)}</td>
							<td>${esc(c.description || c.item || "")}</td><td>${esc(c.payer_name || "")}</td>
							<td class="text-right">${this.money(c.amount)}</td></tr>`
					)
					.join("")}
			</table>`);
	}

	render_payment() {
		const esc = frappe.utils.escape_html;
		const modes = this.account.modes_of_payment || [];
		const rows = modes
			.map(
				(mode, i) => `
			<div class="pm-counter-mode-row">
				<label for="pm-counter-mode-${i}">${esc(__(mode))}</label>
				<input type="text" inputmode="decimal" class="form-control pm-counter-mode" id="pm-counter-mode-${i}"
					data-mode="${esc(mode)}" autocomplete="off" ${i === 0 ? 'data-pm-key="a" aria-keyshortcuts="Alt+A"' : ""}>
			</div>
			${
				i === 0
					? `<div class="pm-counter-mode-row pm-counter-cash">
				<label for="pm-counter-tendered">${__("Cash Tendered")}</label>
				<input type="text" inputmode="decimal" class="form-control pm-counter-tendered" id="pm-counter-tendered"
					data-pm-key="t" aria-keyshortcuts="Alt+T" autocomplete="off">
			</div>
			<div class="pm-counter-change-row"><span>${__("Change")}</span><b class="pm-counter-change"></b></div>`
					: ""
			}`
			)
			.join("");
		const $pay = this.$account.find(".pm-counter-pay").html(`
			<table class="pm-counter-totals">
				<tr><td>${__("Principal")}</td><td class="pm-counter-total-principal"></td></tr>
				<tr><td>${__("Late Fee")}</td><td class="pm-counter-total-fee"></td></tr>
				<tr><td>${__("Waived")}</td><td class="pm-counter-total-waived"></td></tr>
				<tr class="pm-counter-due-row"><td>${__("Total Due")}</td><td class="pm-counter-total-due"></td></tr>
			</table>
			<div class="pm-counter-subtitle">${__("Amount Paid, by Mode of Payment")}</div>
			${rows}
			<div class="pm-counter-outcome"></div>
			<button type="button" class="btn btn-primary btn-lg btn-block pm-counter-submit">
				${__("Take Payment")} <kbd>${__("Ctrl+Enter")}</kbd> <kbd>F9</kbd>
			</button>`);
		$pay.find(".pm-counter-mode").on("input", () => {
			this.amounts_typed = true;
			this.recalculate();
		});
		$pay.find(".pm-counter-mode").on("focus", (e) => {
			// an empty mode takes what is still to pay (e.g. the rest by WeChat)
			const $input = $(e.currentTarget);
			const rest = flt(this.due - this.paid(), 2);
			if (!flt($input.val()) && rest > 0) {
				$input.val(this.plain(rest));
				this.amounts_typed = true;
				this.recalculate();
			}
			$input.trigger("select");
		});
		$pay.find(".pm-counter-tendered").on("input", () => this.recalculate());
		$pay.find(".pm-counter-tendered").on("focus", (e) => $(e.currentTarget).trigger("select"));
		$pay.find(".pm-counter-submit").on("click", () => this.confirm_payment());
		this.amounts_typed = false;
	}

	// Totals, what each invoice gets, change and advance -------------------------------------------

	ticked() {
		const $rows = this.$account.find(".pm-counter-invoices tbody tr");
		return this.invoices()
			.map((inv, i) => {
				const $row = $rows.eq(i);
				return $row.find(".pm-counter-tick").prop("checked")
					? {
							...inv,
							use_waiver: inv.waiver && $row.find(".pm-counter-use-waiver").prop("checked"),
					  }
					: null;
			})
			.filter(Boolean);
	}

	paid() {
		return flt(
			this.$account
				.find(".pm-counter-mode")
				.toArray()
				.reduce((sum, el) => sum + flt($(el).val(), 2), 0),
			2
		);
	}

	allocate(ticked, total) {
		// as pm_module.billing.counter.allocate does: oldest first, the last one reached in part
		let remaining = flt(total, 2);
		const pays = {};
		for (const inv of ticked) {
			if (remaining <= 0) break;
			const waived = inv.use_waiver ? Math.min(inv.waiver_amount, inv.late_fee) : 0;
			const full = flt(inv.outstanding_amount + inv.late_fee - waived, 2);
			if (remaining >= full) {
				pays[inv.name] = full;
				remaining = flt(remaining - full, 2);
			} else {
				pays[inv.name] = remaining;
				remaining = 0;
			}
		}
		return pays;
	}

	recalculate(ticks_changed = false) {
		if (!this.account) return;
		const ticked = this.ticked();
		const principal = flt(
			ticked.reduce((s, i) => s + i.outstanding_amount, 0),
			2
		);
		const fee = flt(
			ticked.reduce((s, i) => s + i.late_fee, 0),
			2
		);
		const waived = flt(
			ticked.reduce((s, i) => s + (i.use_waiver ? Math.min(i.waiver_amount, i.late_fee) : 0), 0),
			2
		);
		this.due = flt(principal + fee - waived, 2);
		const $pay = this.$account.find(".pm-counter-pay");
		$pay.find(".pm-counter-total-principal").text(this.money(principal));
		$pay.find(".pm-counter-total-fee").text(this.money(fee));
		$pay.find(".pm-counter-total-waived").text(waived ? "−" + this.money(waived) : this.money(0));
		$pay.find(".pm-counter-total-due").text(this.money(this.due)).attr("data-amount", this.due);
		this.$account.find(".pm-counter-tick-all").prop("checked", ticked.length === this.invoices().length);

		const $modes = $pay.find(".pm-counter-mode");
		if (ticks_changed || !this.amounts_typed) {
			// the amount follows what is ticked until the cashier types one
			$modes.val("");
			$modes.first().val(this.due ? this.plain(this.due) : "");
			this.amounts_typed = false;
		}
		const paid = this.paid();
		const pays = this.allocate(ticked, paid);
		this.$account.find(".pm-counter-invoices tbody tr").each((i, tr) => {
			const amount = pays[$(tr).attr("data-invoice")];
			$(tr)
				.toggleClass("pm-counter-unticked", !$(tr).find(".pm-counter-tick").prop("checked"))
				.find(".pm-counter-pays")
				.text(amount ? this.money(amount) : "");
		});

		// cash: what was handed over and the change
		const cash = flt($modes.first().val(), 2);
		const tendered = flt($pay.find(".pm-counter-tendered").val(), 2);
		const change = flt(tendered - cash, 2);
		$pay.find(".pm-counter-change")
			.text(tendered ? this.money(Math.max(change, 0)) : "")
			.attr("data-amount", tendered ? change : "")
			.toggleClass("text-danger", tendered > 0 && change < 0);
		$pay.find(".pm-counter-change-row").toggleClass("pm-counter-short", tendered > 0 && change < 0);

		let outcome;
		const payer = this.payer_row() || {};
		if (!ticked.length) {
			outcome = `<div class="pm-counter-advance">${__("Prepayment only (预存): {0}", [
				this.money(paid),
			])}</div>`;
		} else if (paid > this.due) {
			outcome = `<div class="pm-counter-advance">${__(
				"Paid {0}; {1} beyond what is due is kept as a prepayment (预存)",
				[
					this.money(paid),
					`<b data-amount="${flt(paid - this.due, 2)}">${this.money(paid - this.due)}</b>`,
				]
			)}</div>`;
		} else if (paid < this.due) {
			outcome = `<div class="pm-counter-part">${__("Part payment {0}: {1} stays owed", [
				this.money(paid),
				this.money(this.due - paid),
			])}</div>`;
		} else {
			outcome = `<div>${__("Paid {0}", [this.money(paid)])}</div>`;
		}
		if (tendered > 0 && change < 0) {
			outcome += `<div class="text-danger">${__(
				"The cash tendered is less than the cash amount"
			)}</div>`;
		}
		outcome += `<div class="text-muted small">${__("Prepaid balance of {0}: {1}", [
			frappe.utils.escape_html(payer.customer_name || ""),
			this.money(payer.prepaid || 0),
		])}</div>`;
		$pay.find(".pm-counter-outcome").html(outcome);
	}

	// Taking the payment -----------------------------------------------------------------------

	payment_args() {
		const payments = this.$account
			.find(".pm-counter-mode")
			.toArray()
			.map((el) => ({ mode_of_payment: $(el).attr("data-mode"), amount: flt($(el).val(), 2) }))
			.filter((p) => p.amount);
		const ticked = this.ticked();
		return {
			unit: this.account.unit.name,
			customer: this.payer,
			payments,
			invoices: ticked.map((i) => ({ name: i.name, outstanding: i.outstanding_amount })),
			waivers: ticked.filter((i) => i.use_waiver).map((i) => i.waiver),
		};
	}

	confirm_payment() {
		if (!this.account || this.busy) return;
		const args = this.payment_args();
		const $pay = this.$account.find(".pm-counter-pay");
		if (!this.payer) {
			frappe.msgprint(__("This unit has no payer: register its owner first."));
			return;
		}
		if (!args.payments.length || args.payments.some((p) => p.amount < 0)) {
			frappe.msgprint({
				title: __("Invalid Amount"),
				message: __("Enter the amount paid"),
				indicator: "red",
			});
			return;
		}
		const cash = flt($pay.find(".pm-counter-mode").first().val(), 2);
		const tendered = flt($pay.find(".pm-counter-tendered").val(), 2);
		if (tendered && tendered < cash) {
			frappe.msgprint({
				title: __("Invalid Amount"),
				message: __("The cash tendered is less than the cash amount"),
				indicator: "red",
			});
			return;
		}
		const esc = frappe.utils.escape_html;
		const paid = flt(
			args.payments.reduce((s, p) => s + p.amount, 0),
			2
		);
		const payer = this.payer_row();
		const lines = [
			[__("Unit Code"), esc(this.account.unit.unit_code || this.account.unit.name)],
			[__("Payer"), esc(payer.customer_name)],
			[
				__("Invoices Paid"),
				args.invoices.length
					? args.invoices.map((i) => esc(i.name)).join("<br>")
					: __("None: prepayment only"),
			],
			...args.payments.map((p) => [esc(__(p.mode_of_payment)), this.money(p.amount)]),
			[__("Total Paid"), `<b class="pm-counter-confirm-total">${this.money(paid)}</b>`],
		];
		if (args.invoices.length && paid > this.due) {
			lines.push([__("Prepayment (预存)"), this.money(paid - this.due)]);
		}
		if (tendered) {
			lines.push([__("Cash Tendered"), this.money(tendered)]);
			lines.push([
				__("Change"),
				`<b class="pm-counter-confirm-change">${this.money(tendered - cash)}</b>`,
			]);
		}
		const dialog = new frappe.ui.Dialog({
			title: __("Take Payment"),
			fields: [{ fieldtype: "HTML", fieldname: "summary" }],
			primary_action_label: __("Take Payment and Print (Enter)"),
			primary_action: () => {
				this.take_payment(args);
				// an Enter typed before the dialog finished opening: Bootstrap ignores a hide() then
				if (dialog.$wrapper.data("bs.modal")?._isTransitioning) {
					dialog.$wrapper.one("shown.bs.modal", () => dialog.hide());
				}
				dialog.hide();
			},
			secondary_action_label: __("Back (Esc)"),
			secondary_action: () => dialog.hide(),
		});
		dialog.fields_dict.summary.$wrapper.html(`
			<table class="table table-condensed pm-counter-confirm">
				${lines.map(([k, v]) => `<tr><td>${k}</td><td class="text-right">${v}</td></tr>`).join("")}
			</table>`);
		dialog.confirm_dialog = true; // Enter confirms (frappe.ui.keys)
		dialog.onhide = () => !this.busy && this.focus_first_field();
		dialog.show();
		setTimeout(() => dialog.get_primary_btn().trigger("focus"), 200);
	}

	take_payment(args) {
		if (this.busy) return; // Enter may reach the button twice
		this.busy = true;
		frappe.call({
			method: COUNTER_METHOD + "take_payment",
			args,
			freeze: true,
			freeze_message: __("Taking the payment…"),
			callback: (r) => {
				if (!r.message) return;
				this.show_done(r.message);
				this.print_receipt(r.message);
				this.open(args.unit, { keep_done: true });
			},
			always: () => {
				this.busy = false;
			},
		});
	}

	show_done(res) {
		const esc = frappe.utils.escape_html;
		this.last_payment = res;
		this.$done.html(`
			<div class="alert alert-success pm-counter-receipt" data-payment-entry="${esc(res.payment_entry)}"
				data-receipt-no="${esc(res.receipt_no || "")}">
				<b>${__("Receipt {0}", [esc(res.receipt_no || res.payment_entry)])}</b>
				${__("Paid {0}", [this.money(res.paid)])} ·
				${__("Invoices {0}", [this.money(res.allocated)])} ·
				${__("Late Fee")} ${this.money(res.late_fee)} ·
				${__("Prepayment (预存)")} ${this.money(res.advance)} ·
				${__("Prepaid balance now {0}", [this.money(res.prepaid)])}
				<button type="button" class="btn btn-xs btn-default pm-counter-reprint" data-pm-key="r" aria-keyshortcuts="Alt+R">${__(
					"Print again"
				)}</button>
				<a href="/app/payment-entry/${encodeURIComponent(res.payment_entry)}" class="btn btn-xs btn-link">${esc(
			res.payment_entry
		)}</a>
				<span class="text-muted">${__("Esc: next payer")}</span>
			</div>`);
		this.$done.find(".pm-counter-reprint").on("click", () => this.print_receipt(res));
	}

	async print_receipt(res) {
		// the receipt print format and its print counter (补打) when they are installed
		await frappe.model.with_doctype("Payment Entry");
		const has_format = frappe
			.get_list("Print Format", { doc_type: "Payment Entry" })
			.some((f) => f.name === RECEIPT_FORMAT);
		await new Promise((resolve) =>
			frappe.call({
				method: "pm_module.billing.receipts.record_receipt_print",
				args: { payment_entry: res.payment_entry },
				silent: true,
				always: resolve,
			})
		);
		const url =
			"/printview?doctype=Payment%20Entry&name=" +
			encodeURIComponent(res.payment_entry) +
			(has_format ? "&format=" + encodeURIComponent(RECEIPT_FORMAT) : "") +
			"&trigger_print=1";
		const w = window.open(frappe.urllib.get_full_url(url));
		if (!w) {
			frappe.msgprint({
				title: __("Print Receipt"),
				message: `${__("The browser blocked the receipt window: allow pop-ups for this site.")}
					<p><a class="btn btn-primary" target="_blank" href="${url}">${__("Print Receipt")}</a></p>`,
			});
		}
	}

	// Waivers ----------------------------------------------------------------------------------

	request_waiver(invoice) {
		const inv = this.account.invoices.find((i) => i.name === invoice);
		const dialog = new frappe.ui.Dialog({
			title: __("Request Late Fee Waiver") + " · " + frappe.utils.escape_html(invoice),
			fields: [
				{
					fieldtype: "Currency",
					fieldname: "amount",
					label: __("Amount Waived"),
					default: inv.late_fee,
					reqd: 1,
					description: __("At most the late fee accrued: {0}", [this.money(inv.late_fee)]),
				},
				{ fieldtype: "Small Text", fieldname: "reason", label: __("Reason"), reqd: 1 },
			],
			primary_action_label: __("Send Request"),
			primary_action: (values) => {
				frappe.call({
					method: "frappe.client.insert",
					args: {
						doc: {
							doctype: "Late Fee Waiver",
							sales_invoice: invoice,
							amount: values.amount,
							reason: values.reason,
						},
					},
					freeze: true,
					callback: (r) => {
						if (!r.message) return;
						dialog.hide();
						this.mark_waiver_pending(invoice, r.message.name, r.message.amount);
						frappe.show_alert({
							message: __("Waiver {0} requested: it applies once approved", [r.message.name]),
							indicator: "green",
						});
					},
				});
			},
		});
		dialog.show();
	}

	// Formatting -------------------------------------------------------------------------------

	money(value) {
		return format_currency(flt(value, 2), this.currency);
	}

	plain(value) {
		return flt(value, 2).toFixed(2);
	}
}
