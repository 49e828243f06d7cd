// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Resident", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (!frm.doc.customer && frm.perm[0].write) {
			frm.add_custom_button(__("Create Customer"), () =>
				frm.call({
					method: "pm_module.estate.doctype.resident.resident.make_customer",
					args: { resident: frm.doc.name },
					freeze: true,
					callback: () => frm.reload_doc(),
				})
			);
		}
		const account = frm.doc.__onload?.fee_account;
		if (account) {
			// what the fee counter shows for the payer: owed and paid in advance (预存)
			frm.dashboard.add_indicator(
				__("Outstanding: {0}", [format_currency(account.outstanding)]),
				account.outstanding > 0 ? "red" : "green"
			);
			frm.dashboard.add_indicator(
				__("Prepaid Balance: {0}", [format_currency(account.prepaid)]),
				account.prepaid > 0 ? "blue" : "gray"
			);
		}
		if (frm.perm[0].write) add_portal_buttons(frm);
		frm.add_custom_button(
			__("Occupancy"),
			() => frappe.new_doc("Occupancy", { resident: frm.doc.name }),
			__("Create")
		);
	},
});

// the resident portal (业主服务): the front desk invites the resident by email and can disable the login
function add_portal_buttons(frm) {
	const login = frm.doc.__onload?.portal_login;
	const invite = () =>
		frappe.prompt(
			[
				{
					fieldname: "email",
					fieldtype: "Data",
					options: "Email",
					label: __("Email"),
					reqd: 1,
					default: login?.user || frm.doc.email,
				},
			],
			({ email }) =>
				frm.call({
					method: "pm_module.portal.invite.invite_to_portal",
					args: { resident: frm.doc.name, email },
					freeze: true,
					callback: (r) => {
						frappe.show_alert({ message: __("Invitation sent to {0}", [r.message]), indicator: "green" });
						frm.reload_doc();
					},
				}),
			__("Invite to Resident Portal"),
			__("Invite")
		);
	if (!login || !login.enabled) {
		frm.add_custom_button(__("Invite to Portal"), invite, __("Resident Portal"));
	} else {
		frm.dashboard.add_indicator(__("Portal Login: {0}", [login.user]), "green");
		frm.add_custom_button(
			__("Disable Portal Login"),
			() =>
				frappe.confirm(__("Disable the portal login {0}?", [login.user]), () =>
					frm.call({
						method: "pm_module.portal.invite.disable_portal_login",
						args: { resident: frm.doc.name },
						freeze: true,
						callback: () => frm.reload_doc(),
					})
				),
			__("Resident Portal")
		);
	}
}
