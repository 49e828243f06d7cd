// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

// Gate Check (门岗放行核验): the security guard opens a release slip by its QR code (or the code
// typed in), checks the goods and marks the slip used. Made for a phone screen.
const GATE_METHOD = "pm_module.front_desk.doctype.release_slip.release_slip.";

frappe.pages["gate-check"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({ parent: wrapper, title: __("Gate Check"), single_column: true });
	wrapper.gate_check = new GateCheck(page);
};

frappe.pages["gate-check"].on_page_show = function (wrapper) {
	const token = (frappe.route_options && frappe.route_options.token) || frappe.utils.get_url_arg("token");
	frappe.route_options = null;
	if (token) wrapper.gate_check.open(token);
};

class GateCheck {
	constructor(page) {
		this.page = page;
		this.$body = $(`
			<div class="pm-gate" style="max-width: 520px; margin: 0 auto;">
				<div class="pm-gate-input"></div>
				<div class="pm-gate-slip" style="margin-top: 16px;"></div>
			</div>`).appendTo(page.main);
		this.code = frappe.ui.form.make_control({
			parent: this.$body.find(".pm-gate-input"),
			df: { fieldtype: "Data", fieldname: "code", label: __("Slip Code"), placeholder: __("Scan or type the code") },
			render_input: true,
		});
		this.code.$input.on("keydown", (e) => e.key === "Enter" && this.open(this.code.get_value()));
		// no icon: with one, frappe hides the label below 576 px ("hidden-xs") and the phone shows
		// a black button with no text
		page.set_primary_action(__("Scan"), () => this.scan());
		page.set_secondary_action(__("Open"), () => this.open(this.code.get_value()));
	}

	scan() {
		new frappe.ui.Scanner({
			dialog: true,
			multiple: false,
			on_scan: (data) => this.open(data.decodedText),
		});
	}

	token_of(text) {
		// the QR holds the gate URL; a typed code is the token itself
		text = (text || "").trim();
		const match = text.match(/[?&]token=([^&#]+)/);
		return match ? decodeURIComponent(match[1]) : text;
	}

	open(text) {
		const token = this.token_of(text);
		if (!token) return;
		this.token = token;
		this.code.set_value(token);
		frappe.call({
			method: GATE_METHOD + "get_slip_for_gate",
			args: { token },
			callback: (r) => r.message && this.render(r.message),
			error: () => this.$body.find(".pm-gate-slip").empty(),
		});
	}

	render(slip) {
		const esc = frappe.utils.escape_html;
		const goods = slip.goods
			.map(
				(g) => `<tr><td>${esc(g.category)}</td><td>${esc(g.description || "")}</td>
					<td class="text-right" style="font-size: 1.3em;"><b>${g.qty}</b></td></tr>`
			)
			.join("");
		const verdict = slip.problem
			? `<div class="alert alert-danger" style="font-size: 1.2em;">${esc(slip.problem)}</div>`
			: `<div class="alert alert-success" style="font-size: 1.2em;">${__("Valid today: check the goods")}</div>`;
		const $slip = this.$body.find(".pm-gate-slip").html(`
			${verdict}
			<h4>${esc(slip.name)} · ${esc(slip.status_label)}</h4>
			<p style="font-size: 1.2em;">${__("Unit")}: <b>${esc(slip.unit)}</b><br>
				${__("Applicant")}: ${esc(slip.applicant_name)} (${esc(slip.relation)})<br>
				${__("Move Date")}: <b>${esc(slip.move_date)}</b><br>
				${__("Vehicle Plate")}: <b>${esc(slip.vehicle_plate || "")}</b></p>
			<table class="table table-bordered">
				<thead><tr><th>${__("Category")}</th><th>${__("Description")}</th><th class="text-right">${__("Quantity")}</th></tr></thead>
				<tbody>${goods}</tbody>
			</table>
			<button class="btn btn-primary btn-lg btn-block pm-gate-use">${__("Mark used")}</button>`);
		$slip.find(".pm-gate-use").toggle(!slip.problem).on("click", () => this.mark_used());
	}

	mark_used() {
		frappe.confirm(__("The goods match the slip: release them and mark the slip used?"), () =>
			frappe.call({
				method: GATE_METHOD + "mark_slip_used",
				args: { token: this.token },
				freeze: true,
				callback: (r) => {
					if (!r.message) return;
					frappe.show_alert({ message: __("Slip {0} used", [r.message.name]), indicator: "green" });
					this.render(r.message);
				},
			})
		);
	}
}
