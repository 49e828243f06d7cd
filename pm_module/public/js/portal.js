// Resident portal (/property): calling the server and showing its answer, for every portal page.
// pm_portal.call(method, args) -> Promise of the method's message; errors are shown and rejected.
window.pm_portal = {
	call(method, args = {}) {
		return new Promise((resolve, reject) => {
			frappe.call({
				method,
				args,
				type: "POST",
				callback: (r) => resolve(r.message),
				error: (r) => {
					pm_portal.toast(pm_portal.error_text(r), true);
					reject(r);
				},
			});
		});
	},

	error_text(r) {
		try {
			const messages = JSON.parse(r.responseJSON?._server_messages || "[]");
			if (messages.length) return JSON.parse(messages[0]).message.replace(/<[^>]+>/g, "");
		} catch (e) {
			/* fall through to the generic text */
		}
		return r.responseJSON?.exception?.split(":").slice(1).join(":").trim() || __("Something went wrong");
	},

	toast(text, is_error = false) {
		const el = document.createElement("div");
		el.className = "pm-toast" + (is_error ? " error" : "");
		el.textContent = text;
		document.body.appendChild(el);
		setTimeout(() => el.remove(), is_error ? 5000 : 2500);
	},

	// a form's fields as an object (inputs with a name)
	form_values(form) {
		const values = {};
		new FormData(form).forEach((value, key) => {
			if (!(value instanceof File)) values[key] = value;
		});
		return values;
	},
};

// frappe's web bundle shows server messages in a modal: the portal shows its own toasts instead
frappe.ready(() => {
	document.querySelectorAll("[data-pm-confirm]").forEach((el) =>
		el.addEventListener("click", (e) => {
			if (!window.confirm(el.dataset.pmConfirm)) e.preventDefault();
		})
	);
});
