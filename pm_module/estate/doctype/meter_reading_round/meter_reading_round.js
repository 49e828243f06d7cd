// Copyright (c) 2026, pm_module developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Meter Reading Round", {
	setup(frm) {
		frm.set_query("building", () => ({ filters: frm.doc.estate ? { estate: frm.doc.estate } : {} }));
	},
	refresh(frm) {
		frm.set_df_property("items", "cannot_add_rows", true);
		if (frm.doc.docstatus === 0 && frm.doc.estate) {
			frm.add_custom_button(__("Get Meters"), () => frm.trigger("get_meters"));
		}
		if (frm.doc.docstatus === 1 && frm.doc.skipped_meters) {
			frm.set_intro(
				__("Not read this time: {0}", [frm.doc.skipped_meters.split("\n").join(", ")]),
				"orange",
			);
		}
	},
	get_meters(frm) {
		return frm.call("get_meters").then(() => {
			frm.refresh_fields();
			frm.dirty();
		});
	},
	building(frm) {
		if (frm.doc.building) frm.trigger("get_meters");
	},
	meter_type(frm) {
		if (frm.doc.estate) frm.trigger("get_meters");
	},
});

// The consumption preview and flags, as the server computes them on save
const HIGH_FACTOR = 3;

function preview(frm, cdt, cdn) {
	const row = locals[cdt][cdn];
	const text = (row.new_reading || "").trim().replace(/[,,]/g, "");
	let consumption = 0;
	let flag = "";
	if (text !== "" && !isNaN(Number(text)) && row.last_meter_reading) {
		const reading = Number(text);
		const last = flt(row.last_reading);
		let raw = null;
		if (row.reading_type === "Meter Replacement") {
			raw = Math.max(
				flt(row.old_meter_final_reading) - last + reading - flt(row.new_meter_start_reading),
				0,
			);
		} else if (row.reading_type === "Roll-over") {
			raw = flt(row.max_reading) && reading < last ? flt(row.max_reading) - last + reading : 0;
		} else if (reading >= last) {
			raw = reading - last;
		}
		if (raw === null) {
			flag = "Going Backwards";
		} else {
			consumption = flt(raw * (flt(row.multiplier) || 1), 3);
			if (consumption === 0 && row.occupied) flag = "Zero Consumption";
			else if (flt(row.average_consumption) > 0 && consumption > HIGH_FACTOR * flt(row.average_consumption))
				flag = "High Consumption";
		}
	}
	frappe.model.set_value(cdt, cdn, { consumption: consumption, flag: flag });
}

frappe.ui.form.on("Meter Reading Round Item", {
	new_reading: preview,
	reading_type: preview,
	old_meter_final_reading: preview,
	new_meter_start_reading: preview,
});
