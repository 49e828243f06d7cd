// Payment Entry form: a counter receipt (收款收据) prints from here in the Fee Receipt format; every
// print is counted, so a reprint says 补打 and how many times.

frappe.provide("pm_module.billing");

pm_module.billing.print_receipt = function (payment_entry) {
	// open the window first (a popup opened after the call would be blocked), then point it at the print
	const win = window.open("", "_blank");
	return frappe
		.call({
			method: "pm_module.billing.receipts.record_receipt_print",
			args: { payment_entry },
		})
		.then(() => {
			const url =
				"/printview?doctype=" +
				encodeURIComponent("Payment Entry") +
				"&name=" +
				encodeURIComponent(payment_entry) +
				"&format=" +
				encodeURIComponent("Fee Receipt") +
				"&no_letterhead=1&trigger_print=1";
			if (win) {
				win.location = frappe.urllib.get_full_url(url);
			} else {
				window.open(frappe.urllib.get_full_url(url));
			}
		})
		.catch(() => win && win.close());
};

frappe.ui.form.on("Payment Entry", {
	refresh(frm) {
		if (frm.doc.docstatus > 0 && frm.doc.pm_receipt_no) {
			frm.add_custom_button(__("Print Receipt"), () => {
				pm_module.billing.print_receipt(frm.doc.name).then(() => frm.reload_doc());
			});
		}
	},
});
